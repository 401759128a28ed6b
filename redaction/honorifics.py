"""Titles written before a person's name, shared by detection (evidence for a name) and
anonymisation (kept as literal text when a name is split into given and family parts)."""

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "mister",
        "madam",
        "rev",
        "revd",
        "fr",
    ]
)
