"""Streamlit pieces of the dashboard (app.py) that are more than a few lines: each a thin UI over geo."""
