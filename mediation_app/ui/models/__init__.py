"""Qt item models over service read models (never over the database directly)."""
