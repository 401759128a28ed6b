"""Substitutions: whole tokens, any case, one pass, also inside percent-encoded link targets."""

from __future__ import annotations

from redaction.anonymization.writers.substitute import Substitutions


def test_whole_tokens_any_case_longest_first() -> None:
    subs = Substitutions({"Ann Lee": "[name] [surname]", "Ann": "[name]", "Leeds": "[location]"})
    assert subs("ANN LEE from leeds; Annual report by Ann") == (
        "[name] [surname] from [location]; Annual report by [name]"
    )


def test_one_pass_never_chains() -> None:
    subs = Substitutions({"Ann": "Kate", "Kate": "Sue"})
    assert subs("Ann and Kate") == "Kate and Sue"


def test_urls_plain_and_percent_encoded() -> None:
    subs = Substitutions({"ann.lee@example.com": "[email]", "annlee": "[url]"})
    assert subs.url("mailto:ann.lee@example.com") == "mailto:[email]"
    assert subs.url("mailto:ann.lee%40example.com") == "mailto:[email]"
    assert subs.url("https://uk.linkedin.com/in/annlee/") == "https://uk.linkedin.com/in/[url]/"
    assert subs.url("https://example.org/other") == "https://example.org/other"


def test_empty_mapping_changes_nothing() -> None:
    subs = Substitutions({" ": "x"})
    assert not subs
    assert subs("Ann Lee") == "Ann Lee"
