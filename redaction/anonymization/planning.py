"""Plan the replacements for one document: confirmed spans + a style → ``Replacement`` values.

Besides applying the operator to each span, planning makes the output safe to leak-check:

- overlapping spans are merged (the union keeps the label of the longer span);
- every other occurrence of a redacted string in the text is redacted too (case-insensitive,
  on word boundaries), and so is every capitalised occurrence of a redacted person's family
  name where :mod:`redaction.anonymization.name_parts` allows it: the leak check searches for
  these, so leaving one would fail the document;
- ``substitutions`` (original → replacement) lets writers scrub hyperlink targets and
  properties; ``secrets`` is what the leak check searches for.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from redaction.anonymization.name_parts import EVERY_PART, NameParts, name_parts_policy
from redaction.anonymization.names import match_case, split_person_name
from redaction.anonymization.normalize import (
    is_proper_word,
    link_tokens,
    normal_key,
    proper_word_forms,
)
from redaction.anonymization.operators import OperatorContext, get_operator
from redaction.anonymization.replacement import Replacement
from redaction.anonymization.sweep import leak_forms
from redaction.labels import LabelSet
from redaction.spans import Span

_FAMILY = "family"


@dataclass
class Plan:
    replacements: list[Replacement]
    substitutions: dict[str, str]
    secrets: list[tuple[str, str]]  # (label, original) the leak check searches for
    inserted: list[str]  # the new texts (placeholders, fakes) put into the document
    counts: dict[str, int]  # spans redacted by label
    propagated: int = 0  # occurrences redacted in addition to the confirmed spans
    warnings: list[str] = field(default_factory=list)
    name_parts: NameParts = EVERY_PART  # which name parts count on their own


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    label: str
    role: str = ""  # "family" for a propagated family name; sweep roles (see ``sweep``)
    source: str = ""  # for sweep roles: the redacted string this is a form of


def selected_labels(label_set: LabelSet, labels: Collection[str] | None) -> set[str]:
    """The labels to redact: those asked for, else every label with ``redact: true``."""
    if labels:
        return {label_set.canonical(label) for label in labels}
    return set(label_set.redacted_names)


_HYPHEN_TAIL = re.compile(r"[-‐‑](?=[^\W\d_])(?:[^\W\d_]|[\u0300-\u036f])+")


def _merge(items: Iterable[_Item], text: str) -> list[_Item]:
    merged: list[_Item] = []
    for item in sorted(items, key=lambda i: (i.start, -i.end)):
        if merged and item.start < merged[-1].end:
            last = merged[-1]
            longer = last if last.end - last.start >= item.end - item.start else item
            end = max(last.end, item.end)
            if (longer.start, longer.end) == (last.start, end):
                merged[-1] = longer  # one contains the other: the outer one's role stays
            else:
                merged[-1] = _Item(last.start, end, longer.label)
        else:
            merged.append(item)
    # Spans never start or end in whitespace: trim so "Lewis Smith " replaces only the name.
    trimmed = []
    for item in merged:
        start, end = item.start, item.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        # A span that ends inside a decomposed letter ("Zoe" of "Zoe\u0308") takes its marks.
        while start < end < len(text) and unicodedata.category(text[end]).startswith("M"):
            end += 1
        # A person's span that stops at the hyphen of a double-barrelled name ("Zoe Dupont" of
        # "Zoe Dupont-Le") takes the rest of it: "-Le" is part of the family name.
        while item.label == "PERSON" and text[end - 1 : end].isalpha():
            tail = _HYPHEN_TAIL.match(text, end)
            if tail is None:
                break
            end = tail.end()
        if start < end:
            trimmed.append(_Item(start, end, item.label, item.role, item.source))
    return trimmed


def _occurrences(text: str, value: str, *, ignore_case: bool = False) -> Iterable[tuple[int, int]]:
    words = [re.escape(w) for w in value.split()]
    if not words:
        return []
    pattern = r"\s+".join(words)
    edge_start = r"(?<!\w)" if value[0].isalnum() else ""
    edge_end = r"(?!\w)" if value[-1].isalnum() else ""
    flags = re.IGNORECASE if ignore_case else 0
    return [m.span() for m in re.finditer(edge_start + pattern + edge_end, text, flags)]


def _propagate(text: str, items: list[_Item], parts: NameParts = EVERY_PART) -> list[_Item]:
    """Other occurrences of redacted strings (and capitalised family names) as new items."""
    taken = [(i.start, i.end) for i in items]
    found: list[_Item] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    originals = sorted({(text[i.start : i.end], i.label) for i in items}, key=lambda p: -len(p[0]))
    people = [o for o, lab in originals if lab == "PERSON" and o not in parts.weak]
    for start, end, label in _handles(text, people, parts):
        taken.append((start, end))
        found.append(_Item(start, end, label))
    for original, label in originals:
        if label == "PERSON" and original in parts.weak:
            continue
        if len(normal_key(original)) < 3:
            if len(original) == 2 and original.isalpha() and original.isupper():
                # "TW" the company: its other uses in capitals, never "tw" or "Tw"
                for start, end in _occurrences(text, original, ignore_case=False):
                    if free(start, end):
                        taken.append((start, end))
                        found.append(_Item(start, end, label))
            continue
        if is_proper_word(original):  # "Reading" the town, not "reading"
            spans = [s for f in proper_word_forms(original) for s in _occurrences(text, f)]
        else:
            spans = list(_occurrences(text, original, ignore_case=True))
        for start, end in spans:
            if free(start, end):
                taken.append((start, end))
                found.append(_Item(start, end, label))
    for original, label in originals:
        if label != "PERSON":
            continue
        family = split_person_name(original).family_text
        if len(family) < 3 or normal_key(family) == normal_key(original):
            continue
        if not parts.allows(original, family):
            continue  # "Learning" of a person "Machine Learning": a word, not a name
        for form in proper_word_forms(family) | {family.title()}:
            for start, end in _occurrences(text, form, ignore_case=False):
                if free(start, end):
                    taken.append((start, end))
                    found.append(_Item(start, end, "PERSON", _FAMILY))
    return found


def _given_alone(text: str, items: list[_Item]) -> list[_Item]:
    """A person span of one word that is another person's given name ("Peregrine led the
    team" beside "Peregrine Althorpe") is that given name: "[name]", not "[surname]"."""
    given = {
        token.text.lower()
        for i in items
        if i.label == "PERSON" and " " in text[i.start : i.end].strip()
        for token in split_person_name(text[i.start : i.end]).given
        if not token.initials
    }
    return [
        _Item(i.start, i.end, i.label, "given", text[i.start : i.end])
        if i.label == "PERSON" and not i.role and text[i.start : i.end].lower() in given
        else i
        for i in items
    ]


def _handles(
    text: str, people: list[str], parts: NameParts = EVERY_PART
) -> list[tuple[int, int, str]]:
    """Email addresses and URLs in the text that spell a redacted person's name
    ("linkedin.com/in/lewis-smith-271", "khandelwal.viny@gmail.com"): the whole token is
    personal, so it is redacted as an EMAIL_ADDRESS or URL even if nobody marked it. A name
    part counts from 4 letters on (shorter ones would match too many unrelated links)."""
    marks: set[str] = set()
    for person in people:
        name = split_person_name(person)
        words = [_squash(t.text) for t in name.tokens if not t.initials]
        if len(words) >= 2:
            marks.add("".join(words))
        marks.update(
            _squash(t.text)
            for t in name.tokens
            if not t.initials and len(_squash(t.text)) >= 4 and parts.allows(person, t.text)
        )
    if not marks:
        return []
    found = []
    for start, end in link_tokens(text):
        token = text[start:end]
        if any(mark in _squash(token) for mark in marks):
            label = "EMAIL_ADDRESS" if "@" in token and "/" not in token else "URL"
            found.append((start, end, label))
    return found


def _family_replacement(style: str, family: str, context: OperatorContext) -> str | None:
    """The text for a bare family name found by propagation (None: use the operator)."""
    if style == "placeholder":
        label = context.labels.get("PERSON") if "PERSON" in context.labels else None
        return (label.placeholder_family or label.placeholder) if label else "[surname]"
    if style == "pseudonym" and context.pseudonymizer is not None:
        return match_case(family, context.pseudonymizer.family_name(family))
    return None


def plan_replacements(
    text: str,
    spans: Iterable[Span],
    *,
    style: str,
    context: OperatorContext,
    labels: Collection[str] | None = None,
    propagate: bool = True,
    confirmed: bool = True,
) -> Plan:
    """Turn ``spans`` (any label spelling the detector uses) into replacements.

    ``confirmed``: an annotator accepted the spans; else they were only detected, and a
    person's given and family names count on their own only for strong detections (see
    :mod:`redaction.anonymization.name_parts`)."""
    operator = get_operator(style)
    wanted = selected_labels(context.labels, labels)
    spans = list(spans)
    parts = name_parts_policy(
        text,
        (
            (text[s.start : s.end], s.score)
            for s in spans
            if context.labels.canonical(s.label) == "PERSON"
        ),
        confirmed=confirmed,
    )
    items = [
        _Item(s.start, min(s.end, len(text)), context.labels.canonical(s.label))
        for s in spans
        if context.labels.canonical(s.label) in wanted and s.start < len(text)
    ]
    items = _merge(items, text)
    extra = _propagate(text, items, parts) if propagate else []
    # Handles found by propagation may contain confirmed spans ("…/in/[Lewis Smith]-271").
    items = _merge(items + extra, text)
    swept = _sweep(text, items, parts) if propagate else []
    items = _given_alone(text, _merge(items + swept, text))

    if context.pseudonymizer is not None:
        originals = [(i.label, text[i.start : i.end]) for i in items]
        people = [text[i.start : i.end] for i in items if i.label == "PERSON" and not i.role]
        context.pseudonymizer.start_document(originals, people)

    # People with full given names first, so "L Smith" finds the "Lewis" seen with "Smith".
    def order(item: _Item) -> tuple[int, int]:
        if item.label != "PERSON":
            return (2, item.start)
        given = split_person_name(text[item.start : item.end]).given
        return (0 if any(not t.initials for t in given) else 1, item.start)

    def operate(value: str, label: str) -> str:
        return operator.operate(value, {"entity_type": label, "context": context})

    new_texts: dict[tuple[str, str, str, str], str] = {}
    for item in sorted(items, key=order):
        original = text[item.start : item.end]
        key = (item.label, original, item.role, item.source)
        if key not in new_texts:
            new_texts[key] = _new_text(item, original, style, context, operate)

    replacements = [
        Replacement(
            i.start,
            i.end,
            i.label,
            text[i.start : i.end],
            _keep_full_stop(
                text, i.end, new_texts[(i.label, text[i.start : i.end], i.role, i.source)], style
            ),
            blackout=operator.blackout,
        )
        for i in items
    ]
    return Plan(
        replacements=replacements,
        substitutions=_substitutions(replacements, context, style, parts),
        secrets=sorted({(r.label, r.original) for r in replacements}),
        inserted=sorted({r.new_text for r in replacements if r.new_text}),
        counts=dict(Counter(r.label for r in replacements)),
        propagated=len(extra) + len(swept),
        name_parts=parts,
    )


_SENTENCE_END = re.compile(r"\s*(?:$|\n|[A-Z\"'“‘(])")


def _keep_full_stop(text: str, end: int, new_text: str, style: str) -> str:
    """A span ending a sentence with its own full stop ("… at Acme Widgets Ltd. Then") keeps
    the stop after its placeholder or fake ("… at [company]. Then")."""
    if (
        style in ("placeholder", "pseudonym")
        and text[end - 1 : end] == "."
        and new_text
        and not new_text.endswith(".")
        and _SENTENCE_END.match(text, end)
    ):
        return new_text + "."
    return new_text


_ROLE_ORDER = {"local": 0, "family": 1, "given": 2, "link": 3, "as": 4}


def _sweep(text: str, items: list[_Item], parts: NameParts = EVERY_PART) -> list[_Item]:
    """Every other form of the redacted strings the leak check searches for (a given or family
    name on its own, a bare email local part, "Du\u00adpont", "Z o ë  D u p o n t", a phone
    number with other separators…), found until nothing new turns up: the planner redacts what
    the check would find, so outputs are written clean rather than quarantined."""
    added: list[_Item] = []
    for _ in range(3):
        current = _merge(items + added, text)
        secrets = sorted({(i.label, text[i.start : i.end]) for i in current})
        new = [
            _Item(f.start, f.end, f.label, f.role, f.source)
            for f in leak_forms(text, secrets, parts)
            if not any(i.start <= f.start and f.end <= i.end for i in current)
        ]
        # One item per place; when two forms match the same text ("zoe.dupont" is an email's
        # local part and the person's name as a handle), the more specific form wins.
        new.sort(key=lambda i: (i.start, i.end, _ROLE_ORDER.get(i.role, 9), i.label, i.source))
        new = list({(i.start, i.end): i for i in reversed(new)}.values())
        if not new:
            break
        added += new
    return added


def _new_text(
    item: _Item, original: str, style: str, context: OperatorContext, operate: Any
) -> str:
    """The replacement of one planned item (by its role; see ``sweep``)."""
    role, source = item.role, item.source or original
    pseudonymizer = context.pseudonymizer if style == "pseudonym" else None
    if role == _FAMILY:
        value = _family_replacement(style, source, context)
        if value is not None:
            return match_case(original, value) if pseudonymizer else value
    elif role == "given":
        if style == "placeholder":
            label = context.labels.get("PERSON") if "PERSON" in context.labels else None
            return label.placeholder if label else "[name]"
        if pseudonymizer is not None:
            return match_case(original, pseudonymizer.given_name(source))
    elif role == "local":
        address = operate(source, item.label)
        return address.rpartition("@")[0] if "@" in address else address
    elif role == "as":
        if style == "placeholder":
            return operate(source, item.label)
        if pseudonymizer is not None:
            value = operate(source, item.label)
            if item.label == "URL" and not _SCHEME.match(original):
                value = _SCHEME.sub("", value)
            return match_case(original, value)
    return operate(original, item.label)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://(www\.)?", re.I)


def _substitutions(
    replacements: list[Replacement],
    context: OperatorContext,
    style: str,
    parts: NameParts = EVERY_PART,
) -> dict[str, str]:
    """original → replacement for writers, longest first, incl. family names, email local
    parts and scheme-less URLs (hyperlink targets and properties spell them that way)."""
    subs: dict[str, str] = {}
    for rep in replacements:
        subs.setdefault(rep.original, rep.new_text)
        if rep.label == "PERSON":
            name = split_person_name(rep.original)
            family = name.family_text
            if len(family) >= 3 and family != rep.original and parts.allows(rep.original, family):
                value = _family_replacement(style, family, context)
                subs.setdefault(family, value if value is not None else rep.new_text)
        elif rep.label == "EMAIL_ADDRESS" and "@" in rep.original:
            local = rep.original.rpartition("@")[0]
            new_local = rep.new_text.rpartition("@")[0] if "@" in rep.new_text else rep.new_text
            if len(local) >= 3:
                subs.setdefault(local, new_local)
        elif rep.label == "URL":
            bare = re.sub(r"^[a-z][a-z0-9+.\-]*://(www\.)?", "", rep.original, flags=re.I)
            if bare != rep.original and len(bare) >= 3:
                new_bare = re.sub(r"^[a-z][a-z0-9+.\-]*://(www\.)?", "", rep.new_text, flags=re.I)
                subs.setdefault(bare, new_bare)
    return dict(sorted(subs.items(), key=lambda kv: -len(kv[0])))


def apply_replacements(text: str, replacements: Iterable[Replacement]) -> str:
    """The text with ``replacements`` applied (what a TXT output contains)."""
    out: list[str] = []
    pos = 0
    for rep in sorted(replacements, key=lambda r: r.start):
        out.append(text[pos : rep.start])
        out.append(rep.new_text)
        pos = rep.end
    out.append(text[pos:])
    return "".join(out)


def _squash(text: str) -> str:
    return "".join(c for c in normal_key(text) if c.isalnum())


def link_substitutions(
    targets: Iterable[str], plan: Plan, *, style: str, context: OperatorContext
) -> dict[str, str]:
    """Replacements for link targets that spell redacted PII outside the text (a profile URL
    "linkedin.com/in/lewis-smith-271" behind the words "my profile"): the whole target becomes
    a fake link (pseudonym style) or "#"."""
    marks: set[str] = set()
    for label, original in plan.secrets:
        if len(_squash(original)) >= 5:
            marks.add(_squash(original))
        if label == "PERSON":
            name = split_person_name(original)
            marks.update(
                _squash(t.text) for t in name.tokens if not t.initials and len(t.text) >= 4
            )
            if len(_squash(name.family_text)) >= 3:
                marks.add(_squash(name.family_text))
        if label == "EMAIL_ADDRESS" and "@" in original:
            marks.add(_squash(original.rpartition("@")[0]))
    subs: dict[str, str] = {}
    for target in targets:
        squashed = _squash(target)
        if not target.strip() or not any(m and m in squashed for m in marks):
            continue
        pseudonymizer = context.pseudonymizer if style == "pseudonym" else None
        if target.lower().startswith("mailto:"):
            address = target[len("mailto:") :].split("?")[0]
            value = f"mailto:{pseudonymizer.email(address)}" if pseudonymizer else "#"
        else:
            value = pseudonymizer.url(target) if pseudonymizer else "#"
        subs[target] = value
    return subs
