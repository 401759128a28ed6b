"""Operators registered by name; usable from our planner and from Presidio's AnonymizerEngine."""

from __future__ import annotations

import pytest
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redaction.anonymization.operators import (
    PlaceholderOperator,
    get_operator,
    style_names,
)
from redaction.errors import RedactError


def test_registry_has_every_style() -> None:
    assert style_names() == ["placeholder", "pseudonym", "mask", "redact", "blackout"]
    with pytest.raises(RedactError, match="unknown anonymisation style 'nope'"):
        get_operator("nope")


@pytest.mark.parametrize(
    ("style", "label", "text", "expected"),
    [
        ("placeholder", "PERSON", "Lewis Smith", "[name] [surname]"),
        ("placeholder", "PERSON", "LN Darlow", "[name] [surname]"),
        ("placeholder", "ORGANIZATION", "Acme Ltd", "[company]"),
        ("placeholder", "LOCATION", "Leeds", "[location]"),
        ("placeholder", "EMAIL_ADDRESS", "a@b.com", "[email]"),
        ("placeholder", "PHONE_NUMBER", "07700 900123", "[phone]"),
        ("placeholder", "URL", "github.com/ls", "[url]"),
        ("placeholder", "ID_NUMBER", "QQ123456C", "[id]"),
        ("mask", "PERSON", "Lewis Smith", "***** *****"),
        ("redact", "PERSON", "Lewis Smith", ""),
        ("blackout", "PERSON", "Lewis Smith", "█████ █████"),
    ],
)
def test_operator_output(style, label, text, expected, context) -> None:  # type: ignore[no-untyped-def]
    op = get_operator(style)
    assert op.operate(text, {"entity_type": label, "context": context()}) == expected
    assert op.blackout == (style == "blackout")


def test_pseudonym_operator_needs_a_pseudonymizer(labels) -> None:  # type: ignore[no-untyped-def]
    from redaction.anonymization.operators import OperatorContext

    with pytest.raises(RedactError, match="no Pseudonymizer"):
        get_operator("pseudonym").operate(
            "Lewis Smith", {"entity_type": "PERSON", "context": OperatorContext(labels)}
        )


def test_operators_plug_into_presidio_anonymizer(context) -> None:  # type: ignore[no-untyped-def]
    engine = AnonymizerEngine()
    engine.add_anonymizer(PlaceholderOperator)
    result = engine.anonymize(
        "Lewis Smith lives in Leeds",
        [RecognizerResult("PERSON", 0, 11, 0.9), RecognizerResult("LOCATION", 21, 26, 0.9)],
        operators={"DEFAULT": OperatorConfig("placeholder", {"context": context()})},
    )
    assert result.text == "[name] [surname] lives in [location]"
