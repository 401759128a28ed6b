"""Planning: spans → replacements, with overlaps merged and every occurrence covered."""

from __future__ import annotations

from redaction.anonymization.engine import anonymize_text
from redaction.anonymization.planning import apply_replacements, plan_replacements
from redaction.spans import Span

from .conftest import spans_of


def test_detector_labels_are_canonicalised_and_unredacted_labels_left(context) -> None:  # type: ignore[no-untyped-def]
    text = "Lewis Smith joined Acme Ltd in Leeds on 3 May 2020."
    spans = spans_of(
        text,
        ("Lewis Smith", "PERSON"),
        ("Acme Ltd", "ORG"),
        ("Leeds", "GPE"),
        ("3 May 2020", "DATE_TIME"),
    )
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    assert apply_replacements(text, plan.replacements) == (
        "[name] [surname] joined [company] in [location] on 3 May 2020."
    )
    assert plan.counts == {"PERSON": 1, "ORGANIZATION": 1, "LOCATION": 1}
    dated = plan_replacements(
        text, spans, style="placeholder", context=context(), labels=["DATE_TIME", "PERSON"]
    )
    assert apply_replacements(text, dated.replacements) == (
        "[name] [surname] joined Acme Ltd in Leeds on [date]."
    )


def test_other_occurrences_and_family_names_are_redacted_too(context) -> None:  # type: ignore[no-untyped-def]
    text = "Lewis Smith wrote this. LEWIS SMITH signed. Ask Mr Smith or lewis smith."
    plan = plan_replacements(
        text, spans_of(text, ("Lewis Smith", "PERSON")), style="placeholder", context=context()
    )
    assert apply_replacements(text, plan.replacements) == (
        "[name] [surname] wrote this. [name] [surname] signed. Ask Mr [surname] or "
        "[name] [surname]."
    )
    assert plan.propagated == 3
    assert ("PERSON", "Lewis Smith") in plan.secrets


def test_overlapping_spans_merge_and_whitespace_is_trimmed(context) -> None:  # type: ignore[no-untyped-def]
    text = "Contact: Lewis Smith at lgsmith@example.com now"
    start = text.index("Lewis")
    spans = [
        Span(start, start + 11, "PERSON"),
        Span(start + 6, start + 12, "PERSON"),  # "Smith " overlaps, trailing space
        Span(text.index("lgsmith"), text.index(" now"), "EMAIL_ADDRESS"),
    ]
    out = anonymize_text(text, spans, context=context())
    assert out == "Contact: [name] [surname] at [email] now"


def test_substitutions_cover_parts_written_elsewhere(context) -> None:  # type: ignore[no-untyped-def]
    text = "Lewis Smith, lgsmith271@gmail.com, https://www.linkedin.com/in/lewis-smith"
    spans = spans_of(
        text,
        ("Lewis Smith", "PERSON"),
        ("lgsmith271@gmail.com", "EMAIL_ADDRESS"),
        ("https://www.linkedin.com/in/lewis-smith", "URL"),
    )
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    subs = plan.substitutions
    assert subs["Lewis Smith"] == "[name] [surname]"
    assert subs["Smith"] == "[surname]"
    assert subs["lgsmith271"] == "[email]"
    assert subs["linkedin.com/in/lewis-smith"] == "[url]"
    assert list(subs) == sorted(subs, key=len, reverse=True)


def test_pseudonym_plan_is_consistent_within_a_document(context) -> None:  # type: ignore[no-untyped-def]
    text = "L Smith and Lewis Smith; email lgsmith271@gmail.com."
    spans = spans_of(
        text,
        ("L Smith", "PERSON"),
        ("Lewis Smith", "PERSON"),
        ("lgsmith271@gmail.com", "EMAIL_ADDRESS"),
    )
    out = anonymize_text(text, spans, "pseudonym", context=context())
    first, last = out.split(" and ")[1].split(";")[0].split()
    assert out.startswith(f"{first[0]} {last} and {first} {last}; email {first[0].lower()}")
    assert last.lower() in out.split("email ")[1]


def test_links_and_addresses_spelling_a_redacted_name_are_redacted_whole(context) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Vinita Khandelwal, Lewis Smith\n"
        "https://www.linkedin.com/in/lewis-smith-a190 | khandelwal.viny@gmail.com | "
        "github.com/python/cpython"
    )
    spans = spans_of(text, ("Vinita Khandelwal", "PERSON"), ("Lewis Smith", "PERSON"))
    out = anonymize_text(text, spans, context=context())
    assert out.splitlines()[1] == "[url] | [email] | github.com/python/cpython"


def test_a_capitalised_one_word_name_is_not_its_lower_case_twin(context) -> None:  # type: ignore[no-untyped-def]
    text = "Moved to Reading in 2019. I enjoy reading. READING office."
    out = anonymize_text(text, spans_of(text, ("Reading", "LOCATION")), context=context())
    assert out == "Moved to [location] in 2019. I enjoy reading. [location] office."


def test_planner_redacts_every_form_the_leak_check_finds(context) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Candidate: Zoë Dupont, zoe.dupont@example.com, 07700 900456.\n"
        "Later: Zoe\u0308 Dupont. Soft: Du\u00adpont. Spaced: Z o \u00eb  D u p o n t.\n"
        "Call 07700-900-456 or +44 7700 900456. <!-- author: zoe.dupont -->\n"
    )
    spans = spans_of(
        text,
        ("Zoë Dupont", "PERSON"),
        ("zoe.dupont@example.com", "EMAIL_ADDRESS"),
        ("07700 900456", "PHONE_NUMBER"),
    )
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    assert apply_replacements(text, plan.replacements) == (
        "Candidate: [name] [surname], [email], [phone].\n"
        "Later: [name] [surname]. Soft: [surname]. Spaced: [name] [surname].\n"
        "Call [phone] or [phone]. <!-- author: [email] -->\n"
    )


def test_given_and_family_names_on_their_own_are_redacted(context) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Peregrine Althorpe-Quince applied.\n"
        "Dear Peregrine, thanks. PEREGRINE was great. Mr Althorpe-Quince agrees.\n"
    )
    spans = spans_of(text, ("Peregrine Althorpe-Quince", "PERSON"))
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    assert apply_replacements(text, plan.replacements) == (
        "[name] [surname] applied.\nDear [name], thanks. [name] was great. Mr [surname] agrees.\n"
    )
    faked = plan_replacements(text, spans, style="pseudonym", context=context())
    out = apply_replacements(text, faked.replacements)
    assert "Peregrine" not in out and "PEREGRINE" not in out and "Quince" not in out
    full = next(r.new_text for r in faked.replacements if r.original == "Peregrine Althorpe-Quince")
    given = next(r.new_text for r in faked.replacements if r.original == "Peregrine")
    assert full.startswith(given + " ")  # the pseudonym's own given name
    assert (
        next(r.new_text for r in faked.replacements if r.original == "PEREGRINE") == given.upper()
    )


def test_name_parts_go_only_when_written_as_names_and_never_common_words(context) -> None:  # type: ignore[no-untyped-def]
    text = "Peregrine Grace wrote. You will like it, by grace. Thanks, Peregrine, for it. Grace said so."
    spans = spans_of(text, ("Peregrine Grace", "PERSON"))
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    # "grace" is a word of this document, so "Grace" alone is left; "Peregrine" is a name.
    assert apply_replacements(text, plan.replacements) == (
        "[name] [surname] wrote. You will like it, by grace. Thanks, [name], for it. Grace said so."
    )


def test_a_span_ending_inside_a_decomposed_letter_takes_its_combining_mark(context) -> None:  # type: ignore[no-untyped-def]
    text = "Later: Zoe\u0308 wrote."
    start = text.index("Zoe")
    plan = plan_replacements(
        text, [Span(start, start + 3, "PERSON")], style="placeholder", context=context()
    )
    assert apply_replacements(text, plan.replacements) == "Later: [name] wrote."


def test_a_span_ending_a_sentence_keeps_its_full_stop(context) -> None:  # type: ignore[no-untyped-def]
    text = "She worked at Acme Widgets Ltd. Then she left Acme Widgets Ltd. for good."
    spans = spans_of(text, ("Acme Widgets Ltd.", "ORGANIZATION"))
    plan = plan_replacements(text, spans, style="placeholder", context=context())
    assert apply_replacements(text, plan.replacements) == (
        "She worked at [company]. Then she left [company] for good."
    )
    faked = apply_replacements(
        text, plan_replacements(text, spans, style="pseudonym", context=context()).replacements
    )
    assert faked.startswith("She worked at ") and ". Then she left " in faked


def test_a_person_span_stopping_at_a_hyphen_takes_the_double_barrelled_name(context) -> None:  # type: ignore[no-untyped-def]
    one = "Zoë Dupont-Lé applied."
    two = "Zoe Dupont-Le and Ms Dupont-Lé agree."
    shared = context()
    first = plan_replacements(
        one, spans_of(one, ("Zoë Dupont-Lé", "PERSON")), style="pseudonym", context=shared
    )
    second = plan_replacements(
        two, spans_of(two, ("Zoe Dupont", "PERSON")), style="pseudonym", context=shared
    )
    fake = first.replacements[0].new_text
    out = apply_replacements(two, second.replacements)
    assert "-Le" not in out and "Dupont" not in out
    family = fake.split(" ", 1)[1]
    assert out == f"{fake} and Ms {family} agree."
    placeholder = plan_replacements(
        two, spans_of(two, ("Zoe Dupont", "PERSON")), style="placeholder", context=context()
    )
    assert apply_replacements(two, placeholder.replacements) == (
        "[name] [surname] and Ms [surname] agree."
    )


def test_a_weakly_detected_person_takes_no_other_words_with_it(context) -> None:  # type: ignore[no-untyped-def]
    # Without review, "Machine Learning" detected as a person with little evidence: its words
    # elsewhere are words, not a given and a family name.
    text = "Machine Learning researcher. I like machine learning. Machine vision. Learning fast."
    spans = [Span(0, 16, "PERSON", 0.5)]
    plan = plan_replacements(text, spans, style="placeholder", context=context(), confirmed=False)
    assert apply_replacements(text, plan.replacements) == (
        "[name] [surname] researcher. I like machine learning. Machine vision. Learning fast."
    )
    # A strong detection of a real name still covers its parts.
    text = "Peregrine Althorpe wrote. Althorpe said so."
    plan = plan_replacements(
        text, [Span(0, 18, "PERSON", 0.9)], style="placeholder", context=context(), confirmed=False
    )
    assert (
        apply_replacements(text, plan.replacements) == "[name] [surname] wrote. [surname] said so."
    )


def test_a_two_letter_acronym_is_replaced_wherever_it_stands_in_capitals(context) -> None:  # type: ignore[no-untyped-def]
    text = "TW hires Accenture. The TW report. Tw and tw are not it."
    plan = plan_replacements(
        text, [Span(0, 2, "ORGANIZATION")], style="placeholder", context=context()
    )
    assert apply_replacements(text, plan.replacements) == (
        "[company] hires Accenture. The [company] report. Tw and tw are not it."
    )
