"""Property: for random texts with random confirmed spans, no span's text (nor its normalised
forms) survives anonymisation, in any style."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction.anonymization.leakcheck import check_output
from redaction.anonymization.operators import OperatorContext, style_names
from redaction.anonymization.planning import apply_replacements, plan_replacements
from redaction.anonymization.pseudonyms import Pseudonymizer
from redaction.labels import load_labels
from redaction.spans import Span

LABELS = load_labels()
# Filler never shares a word with the PII below, so every occurrence of a PII string is a span.
FILLER = [
    "the",
    "project",
    "data",
    "report",
    "with",
    "and",
    "team",
    "built",
    "analysis",
    "for",
    "in",
    "on",
    "year",
    "lead",
    "was",
]
GIVEN = ["Lewis", "Zoë", "Anna-Marie", "José", "Siobhán", "Priya", "Tomasz", "Grace"]
FAMILY = ["Smith", "Álvarez", "van der Berg", "O'Brien", "Kowalczyk", "Okafor", "Nguyen-Tran"]
ORGS = ["Northwind Analytics", "Harper Cole", "Brightwater Bank", "Quillon Labs"]
PLACES = ["Whitby", "Llandudno", "Kraków", "Inverness"]


@st.composite
def person(draw: st.DrawFn) -> str:
    given, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
    shape = draw(st.sampled_from(["full", "initial", "upper", "comma"]))
    return {
        "full": f"{given} {family}",
        "initial": f"{given[0]} {family}",
        "upper": f"{given} {family}".upper(),
        "comma": f"{family}, {given}",
    }[shape]


@st.composite
def pii(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(
        st.sampled_from(
            [
                "PERSON",
                "EMAIL_ADDRESS",
                "PHONE_NUMBER",
                "ORGANIZATION",
                "LOCATION",
                "URL",
                "ID_NUMBER",
            ]
        )
    )
    if kind == "PERSON":
        return draw(person()), kind
    if kind == "EMAIL_ADDRESS":
        given, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
        local = f"{given[0]}{family}".lower().replace(" ", "").replace("'", "")
        return f"{local}{draw(st.integers(1, 999))}@mail.example", kind
    if kind == "PHONE_NUMBER":
        digits = draw(st.text("0123456789", min_size=9, max_size=9))
        return draw(
            st.sampled_from(
                [
                    f"07{digits[:3]} {digits[3:]}",
                    f"+44 7{digits[:3]} {digits[3:]}",
                    f"07{digits[:3]}-{digits[3:6]}-{digits[6:]}",
                ]
            )
        ), kind
    if kind == "URL":
        family = draw(st.sampled_from(FAMILY)).lower().replace(" ", "-").replace("'", "")
        return f"https://github.com/{family}{draw(st.integers(1, 99))}", kind
    if kind == "ID_NUMBER":
        return "QQ" + draw(st.text("0123456789", min_size=6, max_size=6)) + "C", kind
    return draw(st.sampled_from(ORGS if kind == "ORGANIZATION" else PLACES)), kind


@st.composite
def document(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text, spans = "", []
    for _ in range(draw(st.integers(1, 8))):
        text += " ".join(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=4)))
        text += draw(st.sampled_from([" ", "\n", ", ", " (", ": "]))
        value, label = draw(pii())
        spans.append(Span(len(text), len(text) + len(value), label))
        text += value + draw(st.sampled_from([" ", ".\n", ") ", "; "]))
    return text, spans


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(), st.sampled_from(style_names()))
def test_no_span_text_survives(doc: tuple[str, list[Span]], style: str) -> None:
    text, spans = doc
    context = OperatorContext(LABELS, Pseudonymizer(key="property"))
    plan = plan_replacements(text, spans, style=style, context=context)
    output = apply_replacements(text, plan.replacements)
    with TemporaryDirectory() as folder:
        out = Path(folder) / "out.txt"
        out.write_text(output, encoding="utf-8")
        report = check_output(out, "txt", [(s.label, text[s.start : s.end]) for s in spans])
    assert report.ok, (output, report.hits)
    for span in spans:
        assert text[span.start : span.end] not in output
