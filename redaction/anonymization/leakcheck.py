"""The leak check: nothing that was redacted may be found in the output, by any reader.

The output is read back independently (``readback``) and searched for every redacted string in
several forms:

- normalised: case-folded, whitespace collapsed, diacritics removed, matched on word
  boundaries in every decoded haystack (a single capitalised word such as "Reading" is matched
  as written, Capitalised or in UPPER case, so the ordinary word "reading" is not a leak) (text, DOCX parts with and without tags, metadata,
  annotations, PDF streams and strings);
- exact bytes (UTF-8, UTF-16 LE/BE, and without diacritics) in the raw file and every DOCX part;
- phone and ID numbers: their digits with any separators between them (``07700 900123`` is
  found as ``07700-900-123`` or ``+44 7700 900123``);
- parts that identify on their own: a person's family name (case-sensitive, as written, Title
  and UPPER case), an email's local part, a URL without its scheme.

Forms shorter than 3 characters are not searched (they would match everywhere) and are listed
in ``skipped``. A detector, when given, is run on the output text for residual PII of the
redacted labels: PII nobody marked. Residual suggestions fail the document too
(``residual_mode="fail"``, the default; ``"warn"`` only reports them), except those made of
what we inserted (placeholders, masks, fakes) and those whose text equals a span the
annotators rejected in that document (they decided it is not PII).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from redaction.anonymization.name_parts import EVERY_PART, NameParts
from redaction.anonymization.names import split_person_name
from redaction.anonymization.normalize import (
    digits_of,
    drop_format_chars,
    is_proper_word,
    link_tokens,
    national_phone_digits,
    normal_key,
    proper_word_forms,
    search_texts,
    strip_diacritics,
)
from redaction.anonymization.readback import ReadBack, read_back

MIN_NEEDLE = 3
MIN_DIGITS = 6
# Word edges for names: a letter or digit may not touch the match, an underscore may
# ("BBP_DOC_CHANGE_BADI", "lewis_smith"), as in the byte search below, so the text search, the
# byte search and the planner (which redacts what these find) agree.
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,30}\]")
_FILL = re.compile(r"[\s█*_\-.]+")


@dataclass(frozen=True, slots=True)
class Needle:
    label: str
    original: str
    form: str  # "normalised", "bytes", "digits", "family name", "email local part", "url"
    value: str
    pattern: re.Pattern[str] | None = None
    links_only: bool = False  # searched in link targets only (too common a word elsewhere)
    prefilter: str = ""  # a normal-form literal any match must contain (skips the regex)


@dataclass(frozen=True, slots=True)
class LeakHit:
    label: str
    original: str
    form: str
    where: str


@dataclass
class LeakReport:
    hits: list[LeakHit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    residual: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needles: int = 0
    text_found: bool = True
    residual_mode: str = "fail"  # "fail": residual suggestions fail the document; "warn"
    residual_checked: bool = False

    @property
    def residual_failed(self) -> bool:
        return self.residual_mode == "fail" and any(r["fails"] for r in self.residual)

    @property
    def ok(self) -> bool:
        return not self.hits and not self.residual_failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.ok,
            "hits": [{**asdict(h), "original": hint(h.original)} for h in self.hits],
            "forms_searched": self.needles,
            "skipped": self.skipped,
            "residual_check": self.residual_mode if self.residual_checked else "off",
            "residual_failed": self.residual_failed,
            "residual_suggestions": self.residual,
        }


def hint(original: str) -> str:
    """A reference to a redacted string that does not repeat it (reports sit beside outputs)."""
    return f"{original[:1]}… ({len(original)} characters)"


def _digit_pattern(digits: str) -> re.Pattern[str]:
    sep = r"[\s\-.()/]{0,3}"
    return re.compile(r"(?<!\d)" + sep.join(digits) + r"(?!\d)")


def build_needles(
    secrets: Iterable[tuple[str, str]], parts: NameParts = EVERY_PART
) -> tuple[list[Needle], list[str]]:
    """The forms to search for each redacted ``(label, original)``; and those skipped.

    ``parts`` says which given and family names of a person count on their own."""
    needles: dict[tuple[str, str], Needle] = {}
    skipped: list[str] = []

    def add(
        label: str,
        original: str,
        form: str,
        value: str,
        pattern: Any = None,
        links: bool = False,
        prefilter: str | None = None,
    ) -> None:
        if len(value) < MIN_NEEDLE:
            skipped.append(f"{form} of {label} {hint(original)}: too short to search")
            return
        if prefilter is None:
            prefilter = normal_key(value) if pattern is not None and form != "digits" else ""
        needles.setdefault(
            (form, value), Needle(label, original, form, value, pattern, links, prefilter)
        )

    for label, written in secrets:
        original = unicodedata.normalize("NFC", drop_format_chars(written))
        if label == "PERSON" and written in parts.weak:
            # A weakly detected, unreviewed "person" ("Machine Learning") is not looked for
            # elsewhere: the detector flagged every occurrence it believed in, and the
            # residual check reads the output for what it still sees.
            continue
        if is_proper_word(original):
            alternatives = "|".join(re.escape(f) for f in sorted(proper_word_forms(original)))
            add(
                label,
                original,
                "word",
                original,
                re.compile(rf"{_WORD_START}(?:{alternatives}){_WORD_END}"),
            )
        else:
            add(label, original, "normalised", normal_key(original))
        for text in {original, strip_diacritics(original)}:
            if len(text) >= MIN_NEEDLE:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    add(label, original, "bytes", text.encode(encoding).hex())
        if label in ("PHONE_NUMBER", "ID_NUMBER"):
            national = national_phone_digits(original)
            # A UK number is also written with its country code: "+44 7700 900123".
            international = "44" + national[1:] if national.startswith("0") else national
            for digits in {digits_of(original), national, international}:
                if len(digits) >= MIN_DIGITS:
                    add(label, original, "digits", digits, _digit_pattern(digits))
        if label == "PERSON":
            _add_name_parts(add, original, parts)
            family = split_person_name(original).family_text
            if (
                family
                and normal_key(family) != normal_key(original)
                and parts.allows(original, family)
            ):
                forms = proper_word_forms(family) | {family.title()}
                alternatives = "|".join(re.escape(f) for f in sorted(forms))
                add(
                    label,
                    original,
                    "family name",
                    family,
                    re.compile(rf"{_WORD_START}(?:{alternatives}){_WORD_END}"),
                )
        if label == "EMAIL_ADDRESS" and "@" in original:
            add(label, original, "email local part", normal_key(original.rpartition("@")[0]))
        if label == "URL":
            bare = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", original.strip(), flags=re.I)
            bare = re.sub(r"^www\.", "", bare, flags=re.I).rstrip("/")
            if bare != original:
                add(label, original, "url", normal_key(bare))
    return list(needles.values()), skipped


def _add_name_parts(add: Any, original: str, parts: NameParts) -> None:
    """A name written as a handle ("lewis-smith", "LewisSmith") anywhere, and each given name
    inside link targets ("linkedin.com/in/lewis-…"), where it identifies on its own."""
    name = split_person_name(original)
    words = [t.text for t in name.tokens if not t.initials]
    letter_edge = r"(?<![^\W\d_]){}(?![^\W\d_])"
    if len(words) >= 2:
        joined = r"[._\-]?".join(_either(w) for w in words)  # lewis-smith, LewisSmith
        add(
            "PERSON",
            original,
            "joined name",
            " ".join(words),
            re.compile(letter_edge.format(joined), re.I),
            prefilter=normal_key(words[-1]),
        )
    for token in name.given:
        if not parts.allows(original, token.text):
            continue
        if not token.initials and len(token.text) >= MIN_NEEDLE and is_proper_word(token.text):
            # A given name on its own ("Dear Peregrine"), written as a name: "Will" or "Grace"
            # counts Capitalised or in UPPER case, never as the lower-case word.
            forms = "|".join(re.escape(f) for f in sorted(proper_word_forms(token.text)))
            add(
                "PERSON",
                original,
                "given name",
                token.text,
                re.compile(rf"{_WORD_START}(?:{forms}){_WORD_END}"),
            )
        if not token.initials:
            add(
                "PERSON",
                original,
                "given name in link",
                token.text,
                re.compile(letter_edge.format(_either(token.text)), re.I),
                links=True,
            )


def _either(word: str) -> str:
    """A regex for ``word`` as written or without its diacritics."""
    bare = strip_diacritics(word)
    return re.escape(word) if bare == word else f"(?:{re.escape(word)}|{re.escape(bare)})"


_EDGES = {
    # (encoding width, before, after): an ASCII letter or digit next to the needle in UTF-8,
    # UTF-16 LE or UTF-16 BE means the needle is part of a longer word.
    "utf-8": (rb"(?<![A-Za-z0-9])", rb"(?![A-Za-z0-9])"),
    "utf-16-le": (rb"(?<![A-Za-z0-9]\x00)", rb"(?![A-Za-z0-9]\x00)"),
    "utf-16-be": (rb"(?<!\x00[A-Za-z0-9])", rb"(?!\x00[A-Za-z0-9])"),
}


def _bytes_pattern(value: bytes) -> re.Pattern[bytes]:
    """``value`` on word boundaries, whichever of the three encodings it is in."""
    if len(value) >= 4 and value[1::2] == bytes(len(value) // 2) and not len(value) % 2:
        before, after = _EDGES["utf-16-le"]
    elif len(value) >= 4 and value[0::2] == bytes(len(value) // 2) and not len(value) % 2:
        before, after = _EDGES["utf-16-be"]
    else:
        before, after = _EDGES["utf-8"]
    return re.compile(before + re.escape(value) + after)


def _found(needle: Needle, haystack: str, normalised: str, digits: str | None = None) -> bool:
    if needle.pattern is not None:
        if needle.prefilter and needle.prefilter not in normalised:
            return False
        # A number written with any separators still has its digits in a row once they go.
        if needle.form == "digits" and digits is not None and needle.value not in digits:
            return False
        return needle.pattern.search(haystack) is not None
    start = normalised.find(needle.value)
    while start >= 0:
        end = start + len(needle.value)
        before = normalised[start - 1] if start else " "
        after = normalised[end] if end < len(normalised) else " "
        if not (before.isalnum() and needle.value[0].isalnum()) and not (
            after.isalnum() and needle.value[-1].isalnum()
        ):
            return True
        start = normalised.find(needle.value, start + 1)
    return False


#: Letters OCR confuses ("lain" for "Iain", "J0nes"): folded together, on both sides, when a
#: haystack was read by OCR, so a name that survived a painting is found however it was read.
_OCR_CONFUSABLE = str.maketrans({"l": "i", "1": "i", "|": "i", "!": "i", "0": "o"})


def _folded(needle: Needle) -> Needle | None:
    if needle.pattern is not None or needle.form == "bytes":
        return None
    value = needle.value.translate(_OCR_CONFUSABLE)
    return replace(needle, value=value) if value else None


def find_leaks(readback: ReadBack, needles: Collection[Needle]) -> list[LeakHit]:
    hits: list[LeakHit] = []
    seen: set[tuple[str, str, str]] = set()

    def hit(needle: Needle, where: str) -> None:
        key = (needle.original, needle.form, where)
        if key not in seen:
            seen.add(key)
            hits.append(LeakHit(needle.label, needle.original, needle.form, where))

    text_needles = [n for n in needles if n.form != "bytes"]
    link_needles = [n for n in text_needles if n.links_only]
    # Every haystack is searched as its search views: without format characters (soft
    # hyphens, zero-width spaces) and diacritics (NFC or NFD alike), full-width forms folded,
    # and with letter-spaced runs ("L E W I S   S M I T H") closed up.
    views = {where: search_texts(haystack) for where, haystack in readback.haystacks.items()}
    for where, texts in views.items():
        # Raw XML and PDF content streams are all slashes; their text forms are scanned.
        if link_needles and "link target" not in where and not where.endswith(("(xml)", "streams")):
            for text in texts:
                links = "\n".join(text[s:e] for s, e in link_tokens(text))
                for needle in link_needles:
                    if links and _found(needle, links, normal_key(links)):
                        hit(needle, f"{where} (link)")
    folded_needles = {id(n): _folded(n) for n in text_needles}
    for where, texts in views.items():
        is_link = "link target" in where
        ocr = where.startswith("OCR text")
        for text in texts:
            normalised = normal_key(text)
            digits = digits_of(text)
            folded_text = normalised.translate(_OCR_CONFUSABLE) if ocr else ""
            for needle in text_needles:
                if needle.links_only and not is_link:
                    continue
                if _found(needle, text, normalised, digits):
                    hit(needle, where)
                    continue
                folded = folded_needles[id(needle)] if ocr else None
                if folded is not None and _found(folded, folded_text, folded_text):
                    hit(needle, f"{where} (as OCR misreads it)")
    byte_needles = [(n, bytes.fromhex(n.value)) for n in needles if n.form == "bytes"]
    for where, data in readback.raw.items():
        for needle, value in byte_needles:
            if value in data and _bytes_pattern(value).search(data):
                hit(needle, where)
    return hits


#: Labels the detector finds by what a thing is called, not by its pattern: a residual
#: suggestion of these can be an artefact of the new context, or a word the annotators saw.
NAMED_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION", "DATE_TIME", "NRP", "TITLE"})
_GAP = r"[ \t,.;:()'\"“”‘’&/|-]"
_NEIGHBOUR_AFTER = re.compile(rf"{_GAP}*(?:\w+{_GAP}+)?")
_NEIGHBOUR_BEFORE = re.compile(rf"(?:{_GAP}+\w+)?{_GAP}*$")


def structured(label: str, text: str) -> bool:
    """Found by its pattern (an e-mail, phone, URL, IBAN, card, postcode, national number; an
    address with a number in it): such a suggestion in an output is always a leak."""
    if label == "ADDRESS":
        return any(c.isdigit() for c in text)
    return label not in NAMED_LABELS


def beside_inserted(text: str, start: int, end: int, inserted: Collection[str]) -> bool:
    """Is the span at most one word away, on its line, from something we inserted ("Major
    Ports of [location]", "Deterministic Neural Network [surname]")? The detector then sees a
    name shape that the placeholder made, not one the original had."""
    if not inserted:
        return False
    line_end = text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else min(len(text), end + 80)]
    gap = _NEIGHBOUR_AFTER.match(after)
    rest = after[gap.end() :] if gap else after
    if any(rest.startswith(i) for i in inserted):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 80) : start]
    gap = _NEIGHBOUR_BEFORE.search(before)
    head = before[: gap.start()] if gap else before
    return any(head.endswith(i) for i in inserted)


def residual_suggestions(
    text: str,
    detector: Any,
    labels: Collection[str],
    canonical: Any,
    ignore: Collection[str] = (),
    rejected: Collection[str] = (),
    *,
    inserted: Collection[str] = (),
    reviewed_text: str | None = None,
) -> list[dict[str, Any]]:
    """Detector hits of ``labels`` left in ``text``, minus our placeholders, masks and fakes,
    and minus texts the annotators rejected.

    ``canonical`` maps a detector entity name to our label (``LabelSet.canonical``);
    ``ignore`` holds the normal keys of the texts inserted (placeholders, fakes): a suggestion
    made only of them (and fill characters) is ours; ``rejected`` holds the normal keys of the
    document's rejected spans.

    Each hit says whether it ``fails`` the document, and ``why``: structured PII always does;
    a name, place or organisation does not when it stands beside ``inserted`` text (the new
    context made it look like one) or, on a document the annotators marked done
    (``reviewed_text``: its original text), when its text was there for them to see.
    """
    if not text.strip():
        return []
    ignored = sorted({k for k in ignore if k}, key=len, reverse=True)
    not_pii = {k for k in rejected if k}
    out: list[dict[str, Any]] = []
    for span in detector.detect(text):
        label = canonical(span.label)
        if label not in labels:
            continue
        found = text[span.start : span.end]
        rest = _FILL.sub("", _PLACEHOLDER.sub("", found))
        if not rest or not any(c.isalnum() for c in rest):
            continue
        key = normal_key(found)
        if key in not_pii or any(key in fake for fake in ignored):
            continue
        had_fake = False
        for ours in ignored:
            if ours in key:
                key, had_fake = key.replace(ours, " "), True
        rest_words = _FILL.sub(" ", _PLACEHOLDER.sub(" ", key)).split()
        if not any(c.isalnum() for c in "".join(rest_words)):
            continue
        if had_fake and len(rest_words) <= 1:
            # Our fake plus a word beside it ("Graham Butler Trainee"): the detector is seeing
            # the inserted name; the neighbour was not PII in the original either.
            continue
        if structured(label, found):
            fails, why = True, "structured personal data in the output"
        elif beside_inserted(text, span.start, span.end, inserted):
            fails, why = False, "beside a replacement: the new context may make it look like one"
        elif reviewed_text is not None and key in normal_key(reviewed_text):
            fails, why = False, "in the reviewed original: the annotators saw it and left it"
        elif reviewed_text is not None:
            fails, why = True, "not in the reviewed original: new text in the output"
        else:
            fails, why = True, "found by the detector in the output"
        out.append(
            {
                "label": label,
                "text": found,
                "start": span.start,
                "end": span.end,
                "score": round(float(span.score), 3),
                "fails": fails,
                "why": why,
            }
        )
    return out


def check_output(
    path: Path,
    fmt: str,
    secrets: Iterable[tuple[str, str]],
    *,
    detector: Any = None,
    labels: Collection[str] = (),
    canonical: Any = None,
    ignore: Collection[str] = (),
    rejected: Collection[str] = (),
    residual_mode: str = "fail",
    visible_text: str | None = None,
    inserted: Collection[str] = (),
    reviewed_text: str | None = None,
    name_parts: NameParts = EVERY_PART,
    encoding: str | None = None,
    ocr: bool = False,
) -> LeakReport:
    """Read ``path`` back and search it for every redacted ``(label, original)``.

    ``encoding``: the text encoding a TXT/MD output was written in. ``ocr``: the input was
    read by OCR, so the output is read by OCR again (see :func:`read_back`).

    ``visible_text`` is what an image-only output shows (the planned text): the residual
    detector runs on it when the output has no text layer to read."""
    needles, skipped = build_needles(secrets, name_parts)
    readback = read_back(path, fmt, encoding, ocr=ocr)
    report = LeakReport(
        hits=find_leaks(readback, needles),
        skipped=skipped,
        warnings=list(readback.warnings),
        needles=len(needles),
        text_found=bool(readback.text.strip()),
        residual_mode=residual_mode,
        residual_checked=detector is not None,
    )
    if detector is not None:
        text = readback.text
        if fmt in ("pdf", "image") and visible_text is not None:
            # A PDF shows boxes where text was removed; its text layer (none in raster mode,
            # the kept words run together in keep-text mode) is a poor context for the
            # detector, so it reads what the page shows: the planned text.
            text = visible_text
        report.residual = residual_suggestions(
            text, detector, labels, canonical or (lambda e: e), ignore, rejected,
            inserted=inserted, reviewed_text=reviewed_text,
        )  # fmt: skip
    return report
