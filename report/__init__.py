"""What the command line and the app both render, without Streamlit: charts, PDFs (the comparison,
the business case, the handout), CSV exports, a journey and a player's lines in words, figures as
people read them."""
