"""What `serve.py` adds to Streamlit's own server: routes outside the script runs."""
