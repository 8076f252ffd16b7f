"""Entry point: `streamlit run app.py`. A router only; the pages live in itlead/ui/pages."""
from itlead.ui.shell import main

main()
