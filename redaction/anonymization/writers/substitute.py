"""Replace known PII strings wherever they appear in free text (targets, properties...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote


class Substitutions:
    """One-pass, case-insensitive, whole-token replacement of every key by its value.

    One pass means a replacement's own text is never substituted again ("Ann" -> "Kate" and
    "Kate" -> "Sue" do not chain).
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        keys = sorted((k for k in mapping if k.strip()), key=len, reverse=True)
        self._values = {k.casefold(): v for k, v in mapping.items()}
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE
            )
            if keys
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._values.get(m.group(0).casefold(), ""), text)

    def url(self, target: str) -> str:
        """A link target with every key replaced, also when the target is percent-encoded."""
        replaced = self(target)
        if replaced != target:
            return replaced
        decoded = unquote(target)
        if decoded != target:
            replaced_decoded = self(decoded)
            if replaced_decoded != decoded:
                return replaced_decoded
        return target
