"""Live role-play: sessions, tables, seats and rounds, served from SQLite (no Streamlit here)."""
