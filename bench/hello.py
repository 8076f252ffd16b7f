"""The baseline page for bench_pages.py: hello world."""
import streamlit as st

st.title("Hello")
st.write("world")
