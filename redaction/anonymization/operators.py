"""Anonymisation operators, registered by name like Presidio's (``operators_factory.py``).

Each operator is a ``presidio_anonymizer`` ``Operator`` (so it can also be added to a Presidio
``AnonymizerEngine``): ``operate(text, params)`` turns the text of one span into its
replacement. ``params`` carries ``entity_type`` (our label) and ``context``
(:class:`OperatorContext`: the label set and, for pseudonyms, the ``Pseudonymizer``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from presidio_anonymizer.operators import Mask, Operator, OperatorType, Redact

from redaction.anonymization.names import split_person_name
from redaction.anonymization.pseudonyms import Pseudonymizer
from redaction.anonymization.styles import DEFAULT_STYLE as DEFAULT_STYLE
from redaction.errors import RedactError
from redaction.labels import LabelSet, load_labels

BLACKOUT_CHAR = "█"
MASK_CHAR = "*"
_NON_SPACE = re.compile(r"\S+")


@dataclass
class OperatorContext:
    """What operators need besides the span text; one per run."""

    labels: LabelSet
    pseudonymizer: Pseudonymizer | None = None
    mask_char: str = MASK_CHAR


class AnonymizeOperator(Operator):
    """Base of our operators: a name, and whether writers should draw a black box."""

    name: ClassVar[str]
    blackout: ClassVar[bool] = False

    def operator_name(self) -> str:
        return self.name

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        if not isinstance(params.get("context"), OperatorContext):
            raise RedactError(f"operator {self.name}: params need an OperatorContext")
        if not isinstance(params.get("entity_type"), str):
            raise RedactError(f"operator {self.name}: params need the span's entity_type")

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        self.validate(params)
        return self.replace(text or "", params["entity_type"], params["context"])

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        raise NotImplementedError


def placeholder_for(label: str, labels: LabelSet) -> str:
    return labels.get(label).placeholder if label in labels else f"[{label.lower()}]"


class PlaceholderOperator(AnonymizeOperator):
    """ "Lewis Smith" → "[name] [surname]", "Acme Ltd" → "[company]" (texts from labels.yaml)."""

    name = "placeholder"

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        placeholder = placeholder_for(label, context.labels)
        if label != "PERSON":
            return placeholder
        family = context.labels.get(label).placeholder_family if label in context.labels else None
        person = split_person_name(text)
        if not person.tokens:
            return placeholder
        return person.render(
            lambda role, _: (family or placeholder) if role == "family" else placeholder
        )


class PseudonymOperator(AnonymizeOperator):
    """Realistic, consistent fake values (see ``pseudonyms``)."""

    name = "pseudonym"

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        if context.pseudonymizer is None:
            raise RedactError("pseudonym style: no Pseudonymizer in the operator context")
        return context.pseudonymizer.value(label, text)


class MaskOperator(AnonymizeOperator):
    """Every character replaced by the mask character, length and spacing kept."""

    name = "mask"

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        mask = Mask()
        return _NON_SPACE.sub(
            lambda m: mask.operate(
                m.group(),
                {
                    "masking_char": context.mask_char,
                    "chars_to_mask": len(m.group()),
                    "from_end": False,
                },
            ),
            text,
        )


class RedactOperator(AnonymizeOperator):
    """The span is removed."""

    name = "redact"

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        return Redact().operate(text, {})


class BlackoutOperator(AnonymizeOperator):
    """A black box: PDF/DOCX writers draw it; text formats get "█" characters."""

    name = "blackout"
    blackout = True

    def replace(self, text: str, label: str, context: OperatorContext) -> str:
        return _NON_SPACE.sub(lambda m: BLACKOUT_CHAR * len(m.group()), text)


_REGISTRY: dict[str, type[AnonymizeOperator]] = {}


def register_operator(cls: type[AnonymizeOperator]) -> type[AnonymizeOperator]:
    """Add an operator class under its ``name`` (usable as a decorator)."""
    _REGISTRY[cls.name] = cls
    return cls


for _cls in (
    PlaceholderOperator,
    PseudonymOperator,
    MaskOperator,
    RedactOperator,
    BlackoutOperator,
):
    register_operator(_cls)


def style_names() -> list[str]:
    return list(_REGISTRY)


def get_operator(style: str) -> AnonymizeOperator:
    """The operator registered as ``style``; RedactError naming the known styles otherwise."""
    try:
        return _REGISTRY[style]()
    except KeyError:
        raise RedactError(
            f"unknown anonymisation style {style!r} (one of: {', '.join(_REGISTRY)})"
        ) from None


def default_context(**kwargs: Any) -> OperatorContext:
    return OperatorContext(labels=kwargs.pop("labels", None) or load_labels(), **kwargs)
