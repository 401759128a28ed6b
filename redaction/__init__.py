"""Redact Studio core: load documents, detect personal data, anonymise. Headless: never imports Qt."""

__version__ = "0.1.0"
