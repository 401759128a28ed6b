"""Qt item models: adapters between store records and Qt views (no business rules here)."""
