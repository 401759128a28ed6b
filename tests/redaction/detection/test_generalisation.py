"""Detection on the shapes of text that unseen CVs and e-mails have (#12), table-driven.

Each row is a synthetic line: the parts that must be covered whole by some detected span (a part
left uncovered is a leak when the document is anonymised), and the parts that no span may touch
(false suggestions cost reviewers time and destroy words in anonymised copies).
"""

from __future__ import annotations

import pytest


def _covered(spans, text: str, part: str) -> bool:
    start = text.index(part)
    mask = [False] * len(text)
    for span in spans:
        for i in range(span.start, span.end):
            mask[i] = True
    return all(mask[i] for i in range(start, start + len(part)) if text[i].isalnum())


def _touched(spans, text: str, part: str) -> bool:
    start = text.index(part)
    return any(s.start < start + len(part) and start < s.end for s in spans)


def check(detector, text: str, caught: list[str], untouched: list[str] = ()) -> None:
    spans = detector.detect(text)
    shown = [(s.label, s.text) for s in spans]
    for part in caught:
        assert _covered(spans, text, part), f"{part!r} not covered in {text!r}: {shown}"
    for part in untouched:
        assert not _touched(spans, text, part), f"{part!r} flagged in {text!r}: {shown}"


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("QUARRY HOLDINGS  Hallworth, MD    2016 - 2019", ["Hallworth, MD"], []),
        ("Lindqvist Media, Kettering, OH  Account Manager", ["Kettering, OH"], []),
        ("BIRCHFIELD COLLEGE (Marlow Falls, NY)  BA in History", ["Marlow Falls, NY"], []),
        ("Confidential,    Port    Aransa,    TX    June    2009", ["Port    Aransa,    TX"], []),
        ("Field Office,    Claremont,    N.H.    Sep.    1998", ["Claremont,    N.H."], []),
        ("Montreal, QC H3Z 2Y7  Phone: 514 555 0100", ["Montreal, QC H3Z 2Y7"], ["Phone"]),
        ("Sales lead, Glenrock, Illinois  2004-2006", ["Glenrock, Illinois"], ["Sales"]),
        ("Showroom manager  Dudley, UK  2011", ["Dudley, UK"], ["Showroom"]),
        ("Student Centre 206, Pinecrest CA 94132  Tel", ["Pinecrest CA 94132"], []),
        ("Grew revenue in the U.S. and the UAE by 30%.", ["U.S.", "UAE"], ["revenue"]),
        ("Offices across the US and EU.", ["US", "EU"], []),
        ("Please contact us or CONTACT US today.", [], ["CONTACT US"]),
        ("We are based in Oregon, or so I thought.", ["Oregon"], ["or so"]),
        ("Skills: Java, SQL, C, Python", [], ["Java", "SQL"]),
    ],
)
def test_town_with_state_province_or_country(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "organisation", "place"),
    [
        ("MA Education, University of Westbrook, NY (2000)", "University of Westbrook", "NY"),
        ("Teacher, Harlow County Public Schools, MD    2008", "Harlow County Public Schools", "MD"),
        (
            "Analyst, Quinton Savings Bank, New Jersey, NY  2010",
            "Quinton Savings Bank",
            "New Jersey, NY",
        ),
    ],
)
def test_region_after_an_organisation_leaves_the_organisation_whole(
    detector, text, organisation, place
):
    check(detector, text, [organisation, place])
