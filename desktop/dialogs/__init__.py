"""Dialogs: preferences, export, errors and keyboard shortcuts."""
