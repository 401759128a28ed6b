"""The light list of style names the CLI offers must match the registered operators."""

from redaction.anonymization.operators import DEFAULT_STYLE as OPERATORS_DEFAULT
from redaction.anonymization.operators import get_operator, style_names
from redaction.anonymization.styles import BUILTIN_STYLES, DEFAULT_STYLE


def test_every_builtin_style_is_a_registered_operator() -> None:
    assert list(BUILTIN_STYLES) == style_names()
    assert OPERATORS_DEFAULT == DEFAULT_STYLE
    for style in BUILTIN_STYLES:
        assert get_operator(style).name == style
