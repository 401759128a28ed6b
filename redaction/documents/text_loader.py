"""TXT and Markdown: decode and normalise newlines.

UTF-8 (with or without BOM) and UTF-16/32 are recognised first. Anything else is an 8-bit
encoding: charset-normalizer proposes the Western, Central European, Cyrillic, Greek, Turkish
and Baltic code pages the bytes can be, and the one whose text has no stray symbols glued to
letters ("¯yciorys", "£ukasz": Polish read as Latin-9) and the most coherent language wins. When
another code page reads the same bytes as different but equally plausible text ("Crème" in
cp1252 or "Crčme" in cp1250), the document gets a warning naming both. A forced encoding
(``encoding=``) skips all guessing.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from pathlib import Path

from redaction.documents.model import TextLayout
from redaction.errors import BinaryFileError, EmptyFileError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Control characters that plain text may contain (tab, newlines, form feed, vertical tab, ESC).
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(
    path: Path, data: bytes, forced: str | None = None
) -> tuple[str, str, bytes, str | None]:
    """Return (text, encoding, bom, warning)."""
    if forced is not None:
        return _forced(path, data, forced)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, bom, None
            except UnicodeDecodeError as exc:
                raise BinaryFileError(path, f"not valid {encoding} text ({exc.reason})") from None
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16, b"", None
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryFileError(path, "binary data, not a text file")
    try:
        return data.decode("utf-8"), "utf-8", b"", None
    except UnicodeDecodeError:
        pass
    guessed = _guess_8bit(data)
    if guessed is None:
        raise BinaryFileError(
            path, "not a text file (neither UTF-8, UTF-16 nor a known 8-bit encoding)"
        ) from None
    return guessed


def _forced(path: Path, data: bytes, encoding: str) -> tuple[str, str, bytes, str | None]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise BinaryFileError(path, f"unknown text encoding {encoding!r}") from None
    bom = next(
        (b for b, enc in _BOMS if data.startswith(b) and codecs.lookup(enc).name == name), b""
    )
    try:
        return data[len(bom) :].decode(name), name, bom, None
    except UnicodeDecodeError as exc:
        raise BinaryFileError(path, f"not valid {name} text ({exc.reason})") from None


#: 8-bit code pages considered, most common first (the last tie-break).
CODE_PAGES = (
    "cp1252",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_15",
)
_SAMPLE = 64 * 1024
#: A non-ASCII character that is neither a letter, a digit nor common typography, next to a
#: letter: the mark of a wrong code page ("¯yciorys", "£ukasz", "Wroc³aw").
_GLUED_SYMBOL = re.compile(
    r"(?<=[^\W\d_])[^\x00-\x7f\w’‘“”–—…•·«»„]|[^\x00-\x7f\w’‘“”–—…•·«»„](?=[^\W\d_])"
)
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")


#: The letters beyond ASCII that each language the code pages serve writes. A wrong code page
#: turns a text's letters into a mix no single language uses ("Jiøí Èerný": Czech as cp1252).
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "àèéìíîòóùú",  # Italian
        "àáâãçéêíóôõú",  # Portuguese
        "æøåéó",  # Danish, Norwegian
        "åäöé",  # Swedish, Finnish
        "áéíóúýæöðþ",  # Icelandic
        "áéëïóöü",  # Dutch
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Bosnian, Serbian (Latin), Slovenian
        "çğıöşüi̇",  # Turkish
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        "äõöüšž",  # Estonian
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",  # Russian
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
        "абвгдежзийклмнопрстуфхцчшщъьюя",  # Bulgarian
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",  # Greek
    )
)


def _outside_every_alphabet(text: str) -> int:
    """Letters beyond ASCII that the one language fitting them best does not write."""
    letters = Counter(c for c in text.lower() if c > "\x7f" and c.isalpha())
    if not letters:
        return 0
    return min(sum(n for c, n in letters.items() if c not in alphabet) for alphabet in _ALPHABETS)


#: A Latin letter beside a Cyrillic or Greek one, inside a word: Latin text read with a
#: Cyrillic or Greek code page ("Цzgeзmiю").
_MIXED_SCRIPTS = re.compile(
    r"[A-Za-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][A-Za-z]"
)


def _implausible(text: str) -> int:
    return (
        len(_GLUED_SYMBOL.findall(text))
        + len(_MIXED_SCRIPTS.findall(text))
        + 5 * len(_C1_CONTROLS.findall(text))
        + _outside_every_alphabet(text)
    )


def _guess_8bit(data: bytes) -> tuple[str, str, bytes, str | None] | None:
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE]
    coherence = {
        codecs.lookup(m.encoding).name: m.coherence
        for m in from_bytes(sample, cp_isolation=list(CODE_PAGES))
    }
    ranked = []
    for order, encoding in enumerate(CODE_PAGES):
        name = codecs.lookup(encoding).name
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        ranked.append((_implausible(text), -coherence.get(name, -1.0), order, name, text))
    if not ranked:
        return None
    ranked.sort()
    flaws, minus_coherence, _, best, best_text = ranked[0]
    # the same text from a more common code page: name that one ("José" is cp1252)
    best = min((r for r in ranked if r[4] == best_text), key=lambda r: r[2])[3]
    try:
        text = data.decode(best)
    except UnicodeDecodeError:  # only past the sample: rare enough to refuse
        return None
    readings: dict[str, str] = {}  # another plausible text -> the first code page giving it
    for other_flaws, other, _, name, other_text in sorted(ranked, key=lambda r: r[2]):
        if other_flaws == flaws and other - minus_coherence < 0.1 and other_text != best_text:
            readings.setdefault(other_text, name)
    rivals = list(readings.values())
    warning = (
        f"text encoding guessed as {best}, but {' and '.join(rivals[:3])} "
        f"read{'s' if len(rivals) == 1 else ''} it differently; if names look wrong, set the "
        "encoding"
        if rivals
        else None
    )
    return text, best, b"", warning


def decode_text(path: Path, data: bytes, encoding: str | None = None) -> str:
    """The text of ``data`` as :func:`load_text` decodes it (newlines kept as they are)."""
    return _decode(path, data, encoding)[0]


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def load_text(
    path: Path, data: bytes, encoding: str | None = None
) -> tuple[str, TextLayout, list[str]]:
    """Decode a text file (in ``encoding`` if given) and normalise its newlines to "\\n"; the
    layout keeps the originals. The list holds warnings (an uncertain encoding guess)."""
    raw, encoding, bom, warning = _decode(path, data, encoding)
    if _looks_binary(raw):
        raise BinaryFileError(path, "binary data, not a text file")
    found = _NEWLINE.findall(raw)
    text = _NEWLINE.sub("\n", raw) if found else raw
    if not text.strip():
        raise EmptyFileError(path, "the file has no text")
    counts = {nl: found.count(nl) for nl in set(found)}
    newline = max(counts, key=lambda nl: counts[nl]) if counts else "\n"
    newlines = None if len(counts) <= 1 else tuple(found)
    layout = TextLayout(encoding=encoding, bom=bom, newline=newline, newlines=newlines)
    return text, layout, [warning] if warning else []
