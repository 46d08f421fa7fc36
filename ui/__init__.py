"""The Streamlit app's pages and helpers. Only this package (and app.py) imports Streamlit."""
