"""Consistent fake values for the pseudonym style.

Every original is reduced to an identity key (see ``normalize``) and its fake value is kept in
a ``PseudonymMap``: in memory for batch runs, or in the project database (the store implements
the same two methods), so a re-run gives the same output. People are mapped part by part: a
given name always gets the same fake given name and a family name the same fake family name, so
"Lewis Smith", "L Smith", "LEWIS SMITH" and "Smith" all come out as one fake person; an email
local part or profile URL that spells a known person's name ("lgsmith271") is rebuilt from that
person's fake name. With a ``key`` every draw is seeded by an HMAC of the key and the identity,
so the same key gives the same fakes in any database; without one, draws are random.

With a key, a fake depends on the key and the identity alone, never on which documents a
process met first: each identity has one fake (the first draw that is not the original), used
wherever it does not collide with the document at hand; only there, and only for that document,
is another drawn. So worker processes and cluster executors that never share a mapping give
"Lewis Smith" the same fake, and the same input always gives the same output. Without a key,
two originals never share a fake within a run, which needs the run's whole history.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from faker import Faker

from redaction.anonymization.names import NameToken, PersonName, Role, match_case, split_person_name
from redaction.anonymization.normalize import (
    digits_of,
    national_phone_digits,
    normal_key,
    strip_diacritics,
)
from redaction.errors import ConfigError, RedactError

FREE_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "live.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "btinternet.com",
        "mail.com",
        "gmx.com",
        "gmx.net",
    ]
)
PROFILE_HOSTS = frozenset(
    [
        "linkedin.com",
        "github.com",
        "gitlab.com",
        "twitter.com",
        "x.com",
        "facebook.com",
        "instagram.com",
        "medium.com",
        "stackoverflow.com",
        "behance.net",
        "dribbble.com",
        "youtube.com",
        "tiktok.com",
    ]
)
#: URL path segments that describe the site, not the person; kept as they are.
_GENERIC_SEGMENTS = frozenset(
    ["in", "pub", "u", "user", "users", "profile", "profiles", "company", "people", "@", "en"]
)
_MAX_DRAWS = 25


@runtime_checkable
class PseudonymMap(Protocol):
    """Where fake values are remembered: ``(label, identity key) -> fake value``."""

    def get(self, label: str, key: str) -> str | None: ...

    def set(self, label: str, key: str, value: str) -> None: ...


class InMemoryPseudonymMap:
    """A ``PseudonymMap`` for one process (batch runs without a database)."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}

    def get(self, label: str, key: str) -> str | None:
        return self._values.get((label, key))

    def set(self, label: str, key: str, value: str) -> None:
        self._values[(label, key)] = value

    def __len__(self) -> int:
        return len(self._values)


def _squash(text: str) -> str:
    """Letters only, lower-case, no diacritics: "van der Berg" → "vanderberg"."""
    return "".join(c for c in strip_diacritics(text).casefold() if c.isalpha())


#: The environment variable both fronts read the pseudonym key from when none is typed.
KEY_ENV_VAR = "REDACT_PSEUDONYM_KEY"


def key_from_environment() -> str | None:
    """The pseudonym key set in the environment (``REDACT_PSEUDONYM_KEY``), or None."""
    import os

    return os.environ.get(KEY_ENV_VAR) or None


class Pseudonymizer:
    """Draws and remembers fake values. ``avoid`` holds strings that a fake must not contain
    (the originals of the current document), so a fake can never recreate real PII."""

    def __init__(
        self,
        mapping: PseudonymMap | None = None,
        *,
        locale: str = "en_GB",
        key: str | bytes | None = None,
    ) -> None:
        self.mapping: PseudonymMap = mapping if mapping is not None else InMemoryPseudonymMap()
        self.locale = locale
        # Without a key, a per-run secret: consistent within the run (and across runs through
        # the stored mapping), but not reproducible by anyone else.
        self._secret = (key.encode() if isinstance(key, str) else key) or secrets.token_bytes(32)
        self.keyed = bool(key)
        #: With a key: the fakes this document uses, each for the identity that has it.
        self._document_fakes: dict[tuple[str, str], str] = {}
        self._document_initials: dict[str, str] = {}
        try:
            self._faker = Faker(locale)
        except AttributeError:
            raise ConfigError("pseudonym locale", f"unknown Faker locale {locale!r}") from None
        self._avoid: set[str] = set()
        self.people: list[PersonName] = []

    # -- per document ----------------------------------------------------------------------
    def start_document(
        self, originals: Iterable[tuple[str, str]], people: Iterable[str] = ()
    ) -> None:
        """Set what fakes must avoid (the forms the leak check searches for: whole originals,
        the words of names, email local parts) and the people emails/URLs may spell."""
        self._avoid = set()
        self._document_fakes = {}
        self._document_initials = {}
        for label, text in originals:
            self._avoid.add(normal_key(text))
            if label == "PERSON":
                name = split_person_name(text)
                self._avoid.update(normal_key(t.text) for t in name.tokens if not t.initials)
            elif label == "EMAIL_ADDRESS" and "@" in text:
                self._avoid.add(normal_key(text.rpartition("@")[0]))
        self._avoid = {a for a in self._avoid if len(a) >= 3}
        self.people = [split_person_name(p) for p in people]

    def _clashes(self, fake: str, original: str) -> bool:
        key = normal_key(fake)
        if not key or key == normal_key(original):
            return True
        return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", key) for a in self._avoid if a in key)

    # -- drawing ---------------------------------------------------------------------------
    def _seed(self, label: str, key: str, attempt: int) -> int:
        digest = hmac.new(self._secret, f"{label}\0{key}\0{attempt}".encode(), hashlib.sha256)
        return int.from_bytes(digest.digest()[:8], "big")

    def _remember(
        self, label: str, key: str, original: str, draw: Callable[[Faker, int], str]
    ) -> str:
        """The stored fake for (label, key), or a new draw that does not clash. A stored value
        that clashes with this document's originals is not used (nor overwritten)."""
        if self.keyed:
            return self._keyed(label, key, original, draw)
        stored = self.mapping.get(label, key)
        if stored is not None and not self._clashes(stored, original):
            return stored
        shared: str | None = None  # a fake another original already has: the fallback
        for attempt in range(_MAX_DRAWS):
            self._faker.seed_instance(self._seed(label, key, attempt))
            value = draw(self._faker, attempt)
            if self._clashes(value, original):
                continue
            taken = self.mapping.get(label, "fake:" + normal_key(value))
            if taken not in (None, key):
                shared = shared or value
                continue
            if stored is None:
                self.mapping.set(label, key, value)
                self.mapping.set(label, "fake:" + normal_key(value), key)
            return value
        if shared is not None:
            # Faker's lists are finite (about 360 given and 500 family names for en_GB): once a
            # large project has used them all, two originals may share a fake, as two real
            # people may share a name. The mapping stays one fake per original.
            if stored is None:
                self.mapping.set(label, key, shared)
            return shared
        raise RedactError(f"could not draw a pseudonym for {label} after {_MAX_DRAWS} tries")

    def _keyed(self, label: str, key: str, original: str, draw: Callable[[Faker, int], str]) -> str:
        """With a key: the identity's one fake, unless it collides with this document (an
        original of it, or another identity's fake in it); then a draw for this document."""
        stored = self.mapping.get(label, key)
        if stored is None:
            for attempt in range(_MAX_DRAWS):
                self._faker.seed_instance(self._seed(label, key, attempt))
                value = draw(self._faker, attempt)
                if normal_key(value) and normal_key(value) != normal_key(original):
                    stored = value
                    self.mapping.set(label, key, value)
                    break
        candidates = [] if stored is None else [stored]
        shared: str | None = None  # a fake another identity of this document has: the fallback
        for attempt in range(_MAX_DRAWS):
            for value in candidates:
                if self._clashes(value, original):
                    continue
                owner = self._document_fakes.get((label, normal_key(value)))
                if owner in (None, key):
                    self._document_fakes[(label, normal_key(value))] = key
                    return value
                shared = shared or value
            self._faker.seed_instance(self._seed(label, "document:" + key, attempt))
            candidates = [draw(self._faker, attempt)]
        if shared is not None:  # a document with more people than Faker has names
            return shared
        raise RedactError(f"could not draw a pseudonym for {label} after {_MAX_DRAWS} tries")

    def _letters(self, label: str, key: str, n: int, *, upper: bool = True) -> str:
        rng = hmac.new(self._secret, f"{label}\0{key}".encode(), "sha256")
        out = "".join(chr(ord("A") + b % 26) for b in rng.digest() * (n // 32 + 1))[:n]
        return out if upper else out.lower()

    def _digits(self, key: str, original: str) -> str:
        """Same number of digits as ``original``, never equal to it, fixed per key."""
        if not original:
            return ""
        for attempt in range(_MAX_DRAWS):
            seed = self._seed("DIGITS", key, attempt)
            value = str(seed).rjust(len(original), "7")[-len(original) :]
            if value != original:
                return value
        return "".join("1" if d != "1" else "2" for d in original)

    # -- people ----------------------------------------------------------------------------
    def given_name(self, original: str) -> str:
        return self._remember(
            "PERSON", "given:" + normal_key(original), original, lambda f, _: f.first_name()
        )

    def family_name(self, original: str) -> str:
        return self._remember(
            "PERSON", "family:" + normal_key(original), original, lambda f, _: f.last_name()
        )

    def _given_for_initial(self, family: str, initial: str) -> str | None:
        """The given name last seen with this family name and initial ("L Smith" → "lewis");
        with a key, seen in this document only (what other documents a process met varies)."""
        key = f"initial:{normal_key(family)}|{initial.casefold()}"
        if self.keyed:
            return self._document_initials.get(key)
        return self.mapping.get("PERSON", key)

    def person(self, text: str) -> str:
        """A fake for a PERSON span, in the same shape: "L Smith" → "K Jones"."""
        name = split_person_name(text)
        if not name.tokens:
            return self._remember("PERSON", "text:" + normal_key(text), text, lambda f, _: f.name())
        family = name.family_text
        fake_family = self.family_name(family) if family else ""
        full_given = [t for t in name.given if not t.initials]
        if family and full_given:
            initial_key = f"initial:{normal_key(family)}|{name.given_initial.casefold()}"
            if self.keyed:
                self._document_initials.setdefault(initial_key, full_given[0].text)
            elif self.mapping.get("PERSON", initial_key) is None:
                self.mapping.set("PERSON", initial_key, full_given[0].text)

        def replace(role: Role, group: tuple[NameToken, ...]) -> str:
            if role == "family":
                return match_case(family, fake_family)
            return self._fake_given_group(name, group, family)

        return name.render(replace)

    def _fake_given_group(self, name: PersonName, group: tuple[NameToken, ...], family: str) -> str:
        parts: list[str] = []
        for index, token in enumerate(group):
            if token.initials:
                parts.append(self._fake_initials(token, index, family))
            else:
                parts.append(match_case(token.text, self.given_name(token.text)))
        # Keep the original separators between the group's tokens.
        out = [parts[0]]
        for prev, token, part in zip(group, group[1:], parts[1:], strict=False):
            out.append(name.text[prev.end : token.start])
            out.append(part)
        return "".join(out)

    def _fake_initials(self, token: NameToken, index: int, family: str) -> str:
        letters = [c for c in token.text if c.isalpha()]
        fake: list[str] = []
        for i, letter in enumerate(letters):
            given = self._given_for_initial(family, letter) if index == 0 and i == 0 else None
            if given is not None:
                fake.append(self.given_name(given)[0].upper())
            else:
                key = f"initial-letter:{normal_key(family)}|{index}|{i}|{letter.casefold()}"
                stored = self.mapping.get("PERSON", key)
                if stored is None:
                    stored = self._letters("INITIAL", key, 1)
                    self.mapping.set("PERSON", key, stored)
                fake.append(stored)
        if "." in token.text:
            return (
                "".join(f"{c}." for c in fake)
                if token.text.count(".") > 1
                else ".".join(fake) + "."
            )
        return "".join(fake)

    # -- handles: email local parts and profile slugs ---------------------------------------
    def _handle(self, handle: str) -> str:
        """Rebuild a handle such as "lgsmith271" or "lewis-smith-1a2b" from the fake name of
        the person it spells, keeping separators, digit counts and case."""
        squashed = _squash(handle)
        person = next(
            (
                p
                for p in self.people
                if p.family
                and len(_squash(p.family_text)) >= 2
                and _squash(p.family_text) in squashed
            ),
            None,
        )
        runs = re.findall(r"[^\W\d_]+|\d+|[\W_]+", handle)
        out: list[str] = []
        for i, run in enumerate(runs):
            if run.isdigit():
                out.append(self._digits(f"handle:{normal_key(handle)}:{i}", run))
            elif not run[0].isalpha():
                out.append(run)
            else:
                out.append(match_case(run, self._handle_letters(run, person, handle, i)))
        return "".join(out)

    def _handle_letters(self, run: str, person: PersonName | None, handle: str, i: int) -> str:
        low = _squash(run)
        if person is not None:
            family = _squash(person.family_text)
            fake_family = _squash(self.family_name(person.family_text))
            given = [t for t in person.given if not t.initials]
            fake_given = _squash(self.given_name(given[0].text)) if given else ""
            if family in low:
                before, _, after = low.partition(family)
                return (
                    self._handle_prefix(before, person, fake_given)
                    + fake_family
                    + (self._letters("HANDLE", f"{handle}:{i}:after", len(after), upper=False))
                )
            if given and _squash(given[0].text) == low:
                return fake_given
        return self._letters("HANDLE", f"{normal_key(handle)}:{i}", len(low), upper=False)

    def _handle_prefix(self, before: str, person: PersonName, fake_given: str) -> str:
        if not before:
            return ""
        given = [t for t in person.given if not t.initials]
        if given and _squash(given[0].text) == before:
            return fake_given
        first = fake_given[:1] or self.person(person.text)[:1].lower()
        rest = self._letters("HANDLE", f"{person.text}:{before}", len(before) - 1, upper=False)
        return first + rest

    def email(self, text: str) -> str:
        local, at, domain = text.rpartition("@")
        if not at:
            return self._handle(text)
        key = "email:" + normal_key(text)
        # With a key, rebuilt from this document's people each time (never from another's).
        stored = None if self.keyed else self.mapping.get("EMAIL_ADDRESS", key)
        if stored is not None and not self._clashes(stored, text):
            return stored
        fake_domain = domain if domain.casefold() in FREE_MAIL_DOMAINS else self.domain(domain)
        value = f"{self._handle(local)}@{fake_domain}"
        if stored is None:
            self.mapping.set("EMAIL_ADDRESS", key, value)
        return value

    def domain(self, original: str) -> str:
        return self._remember(
            "URL", "domain:" + normal_key(original), original, lambda f, _: f.domain_name()
        )

    def url(self, text: str) -> str:
        key = "url:" + normal_key(text)
        stored = None if self.keyed else self.mapping.get("URL", key)
        if stored is not None and not self._clashes(stored, text):
            return stored
        value = self._url(text)
        if stored is None:
            self.mapping.set("URL", key, value)
        return value

    def _url(self, text: str) -> str:
        has_scheme = "://" in text
        parts = urlsplit(text if has_scheme else "//" + text)
        host = parts.hostname or ""
        bare_host = host.removeprefix("www.")
        if bare_host.casefold() in PROFILE_HOSTS:
            new_host = host
        else:
            fake = self.domain(bare_host)
            new_host = ("www." + fake) if host.startswith("www.") else fake
        segments = [
            s if (not s or s.casefold() in _GENERIC_SEGMENTS) else self._handle(s)
            for s in parts.path.split("/")
        ]
        netloc = new_host + (f":{parts.port}" if parts.port else "")
        query = self._handle(parts.query) if parts.query else ""
        rebuilt = urlunsplit((parts.scheme, netloc, "/".join(segments), query, ""))
        return rebuilt if has_scheme else rebuilt.removeprefix("//")

    # -- other labels -------------------------------------------------------------------------
    def phone(self, text: str) -> str:
        national = national_phone_digits(text)
        key = "phone:" + national
        stored = self.mapping.get("PHONE_NUMBER", key)
        if self.keyed:
            stored = self._keyed_national(key, national, stored)
        elif stored is None or stored == national:
            stored = self._fake_national(key, national)
            self.mapping.set("PHONE_NUMBER", key, stored)
            self.mapping.set("PHONE_NUMBER", "fake:" + stored, key)
        digits = digits_of(text)
        # Put the fake national digits back in the original's shape (country code kept).
        fill = (
            digits[: len(digits) - len(national) + 1] + stored[1:] if national != digits else stored
        )
        fill = fill.ljust(len(digits), "0")[: len(digits)]
        it = iter(fill)
        return "".join(next(it) if c.isdigit() else c for c in text)

    def _keyed_national(self, key: str, national: str, stored: str | None) -> str:
        """With a key: the number's one fake, unless another number of this document has it."""
        if stored is None or stored == national:
            stored = self._fake_national(key, national, owner=lambda _: None)
            self.mapping.set("PHONE_NUMBER", key, stored)
        value = stored
        if self._document_fakes.get(("PHONE_NUMBER", value)) not in (None, key):
            value = self._fake_national(
                "document:" + key,
                national,
                owner=lambda v: self._document_fakes.get(("PHONE_NUMBER", v)),
            )
        self._document_fakes[("PHONE_NUMBER", value)] = key
        return value

    def _fake_national(
        self, key: str, national: str, owner: Callable[[str], str | None] | None = None
    ) -> str:
        """Fake national digits: a UK number becomes one of Ofcom's drama numbers (mobiles
        07700 900000-900999, London 020 7946 0000-0999, other geographic 01632 960000-960999),
        which are never assigned to anyone; other numbers keep their first two digits. Two
        numbers never share a fake while another is free."""
        prefix = ""
        if len(national) == 11 and national.startswith("07"):
            prefix = "07700900"
        elif len(national) == 11 and national.startswith("020"):
            prefix = "02079460"
        elif len(national) == 11 and national.startswith(("01", "02")):
            prefix = "01632960"
        prefix = prefix or national[:2]
        tail = national[len(prefix) :]
        if owner is None:
            owner = lambda v: self.mapping.get("PHONE_NUMBER", "fake:" + v)  # noqa: E731
        value = prefix + self._digits(key, tail)
        for attempt in range(1, 4 * _MAX_DRAWS):
            if value != national and owner(value) in (None, key):
                break
            value = prefix + self._digits(f"{key}\0{attempt}", tail)
        return value

    def shaped(self, label: str, text: str, attempt: int = 0) -> str:
        """Same shape as ``text``: digits for digits, letters for letters (IDs, postcodes)."""
        key = f"{normal_key(text)}\0{attempt}"
        digits = iter(self._digits(f"{label}:{key}", digits_of(text)))
        letters = iter(self._letters(label, key, sum(c.isalpha() for c in text)))
        return "".join(
            next(digits)
            if c.isdigit()
            else (next(letters) if c.isupper() else next(letters).lower())
            if c.isalpha()
            else c
            for c in text
        )

    def value(self, label: str, text: str) -> str:
        """The fake for one span of ``label``."""
        if label == "PERSON":
            return self.person(text)
        if label == "EMAIL_ADDRESS":
            return self.email(text)
        if label == "URL":
            return self.url(text) if ("." in text or "/" in text) else self._handle(text)
        if label == "PHONE_NUMBER":
            return self.phone(text)
        draws: dict[str, Callable[[Faker, int], str]] = {
            "ORGANIZATION": lambda f, _: f.company(),
            "LOCATION": lambda f, _: f.city(),
            "ADDRESS": lambda f, _: ", ".join(f.address().splitlines()),
            "DATE_TIME": lambda f, _: f.date("%d %B %Y"),
        }
        draw = draws.get(label)
        if draw is None or (label == "DATE_TIME" and not any(c.isalpha() for c in text)):
            return self._remember(
                label, "shape:" + normal_key(text), text, lambda _, n: self.shaped(label, text, n)
            )
        value = self._remember(label, normal_key(text), text, draw)
        return match_case(text, value)
