"""Annotation store, import/export, agreement and the `redact` command. Headless: never imports Qt."""
