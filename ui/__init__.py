"""The Streamlit app's pages: ui.manager (compare, what if, journey, scenario), ui.room (the live
workshop) and ui.common (what both use). Only this package and app.py import Streamlit."""
