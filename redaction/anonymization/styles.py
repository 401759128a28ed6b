"""Names of the built-in anonymisation styles, importable without loading Presidio.

The operators themselves (``operators.py``) register under these names; the CLI uses this list
so that ``redact --help`` does not pay for importing presidio-anonymizer.
"""

DEFAULT_STYLE = "placeholder"
BUILTIN_STYLES = ("placeholder", "pseudonym", "mask", "redact", "blackout")
