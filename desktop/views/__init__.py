"""Widgets: they show records and emit what the user did; decisions go through the store."""
