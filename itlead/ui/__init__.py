"""The Streamlit user interface: thin pages over the engine. Only this package imports streamlit."""
