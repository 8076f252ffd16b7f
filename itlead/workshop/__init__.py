"""Live workshops: sessions, planner, cohort analytics, facilitator access. No Streamlit here."""
