"""Table-driven tests for the second accuracy pass: addresses in more scripts and shapes,
intersections, postcodes named in a sentence, names after titles, places after travel verbs.

Synthetic lines; recognizers run on spaCy's blank English tokenizer (no model).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import spacy

from redaction.detection.recognizers.addresses import StreetAddressRecognizer
from redaction.detection.recognizers.names import PersonGazetteerRecognizer
from redaction.detection.recognizers.places import PlaceGazetteerRecognizer

_NLP = spacy.blank("en")


def found(recognizer, text: str, entity: str | None = None, minimum: float = 0.35) -> list[str]:
    artifacts = SimpleNamespace(tokens=_NLP(text), entities=[])
    results = recognizer.analyze(text, None, artifacts)
    return sorted(
        text[r.start : r.end]
        for r in results
        if (entity is None or r.entity_type == entity) and r.score >= minimum
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A unit after a name does not pull the name into the address.
        (
            "Ms. Ada Quist Apt. 12 4410 Lindvej 7\nOdense 5000",
            ["Apt. 12 4410 Lindvej 7\nOdense 5000"],
        ),
        # Greek script, upper-case towns.
        ("Στείλτε: 14 Οδός Ερμού 22, ΑΘΗΝΑ", ["14 Οδός Ερμού 22, ΑΘΗΝΑ"]),
        # House numbers before a prefixed street, no number after it.
        ("Send it to 40 12 Rue des Tilleuls, Dijon", ["40 12 Rue des Tilleuls, Dijon"]),
        ("deliver to 7 rue de provence, lyon", ["7 rue de provence, lyon"]),
        # A named street with a number, then more parts on the same line.
        (
            "Address: Bergvik 52 Solberg Heights\n Suite 8\n MOSS\n Norway 1530",
            ["Bergvik 52 Solberg Heights\n Suite 8\n MOSS\n Norway 1530"],
        ),
        # All-lower-case text is read for its shapes as if title-cased.
        ("ship it to 12 lindenweg 4, 3011 ab rotterdam", ["12 lindenweg 4, 3011 ab rotterdam"]),
        ("i have 3 years at acme and 2 kids", []),
        # Postal codes named in a sentence.
        ("my zip code is 30512", ["30512"]),
        ("Postcode: 1017 AB", ["1017 AB"]),
        # Not addresses.
        ("Post to 123 Main St, Springfield, IL 62704.", ["123 Main St, Springfield, IL 62704"]),
        ("Windows 10 Professional, Office 365", []),
    ],
)
def test_addresses(text, expected):
    assert found(StreetAddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meet me at the corner of 12 Tannery Lane and Cobb Street.",
            "the corner of 12 Tannery Lane and Cobb Street",
        ),
        ("the corner of Oakhurst Rd & Wren Close", "the corner of Oakhurst Rd & Wren Close"),
        (
            "it is the corner of tannery lane 4 and cobb street",
            "the corner of tannery lane 4 and cobb street",
        ),
        ("we met in the corner of the room and the kitchen", None),
        ("the corner of my eye and my heart", None),
    ],
)
def test_intersections_cover_both_streets(text, expected):
    corners = [s for s in found(StreetAddressRecognizer(), text) if s.startswith("the corner")]
    assert corners == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A title is evidence for the whole name, not only its first word.
        ("Please correct it to Mrs. Zofka Trnavcová?", ["Zofka Trnavcová"]),
        ("Dr. Quill Ambersmith will see you", ["Quill Ambersmith"]),
        # A lone given name before a verb people do.
        ("Jacob lives on the third floor.", ["Jacob"]),
        ("Megan is very reliable.", ["Megan"]),
        ("Ilkay Brennholt lives at the old mill.", ["Ilkay Brennholt"]),
        # An unknown word before such a verb, at the start of a sentence.
        ("Tavrek shouted at the crowd.", ["Tavrek"]),
        # Name cues, also in lower-case text.
        ("Her maiden name is Brakvold", ["Brakvold"]),
        ("sometimes people call me tavo", ["tavo"]),
        ("my name is ilka dorn but everyone calls me ilka", ["ilka", "ilka dorn"]),
        ("please ask mr. okafor about it", ["okafor"]),
        # A double-barrelled surname alone is left to the organisation rules; with a given
        # name or a title it is a person.
        ("I work for Brandt-Okafor now", []),
        ("Lena Brandt-Okafor called", ["Lena Brandt-Okafor"]),
        ("Ask Mrs. Brandt-Okafor", ["Brandt-Okafor"]),
        # Family-name endings are evidence ("-ska", "-vich", "-sson", "-dóttir").
        ("please change it to Bekzat Tulegenovich", ["Bekzat Tulegenovich"]),
        ("add Wiesława Krzepińska as a beneficiary", ["Wiesława Krzepińska"]),
        # A possessive before kin or a life event.
        ("It was a done thing between him and Ysolde's kid.", ["Ysolde"]),
        ("tracy:\"i'm roberto's daughter\".", ["roberto"]),
        ("The Company's employees and The Board's family day", []),
        # Not names: things before "is", towns before a person verb.
        ("Zoolander is a film.", []),
        ("Dear Hiring Manager, thanks.", []),
    ],
)
def test_person_names(text, expected):
    assert sorted(set(found(PersonGazetteerRecognizer(), text, "PERSON", minimum=0.4))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unknown towns after travel and origin phrases.
        ("Mr. Okoro flew to Tallowmere on Sunday.", ["Tallowmere"]),
        ("She is originally from Villa de Brisca, and is 40.", ["Villa de Brisca"]),
        ("I am in KARVIKSTAD for a business trip", ["KARVIKSTAD"]),
        # Lower-case text: only places the lists know.
        ("we moved here from tunisia", ["tunisia"]),
        ("we moved here from somewhere", []),
        # A pronoun or a plain word after the phrase is not a place.
        ("I am in The middle of it", []),
    ],
)
def test_places_after_travel_phrases(text, expected):
    places = found(PlaceGazetteerRecognizer(), text, "LOCATION", minimum=0.45)
    assert set(expected) <= set(places)  # a town the lists know inside may come too
    assert all(any(p in e for e in expected) for p in places)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # All lower case: a lower-case find of ours keeps its score.
        ("please follow up with ilka dorn today", True),
        # Capitals elsewhere: a lower-case find is doubtful ("ilka dorn" as a plain phrase).
        ("Please follow up with ilka dorn today", False),
    ],
)
def test_lower_case_is_no_evidence_against_in_lower_case_text(text, kept):
    from presidio_analyzer import RecognizerResult

    from redaction.detection.postprocess import finalize

    start = text.index("ilka dorn")
    result = RecognizerResult(
        "PERSON", start, start + 9, 0.5, recognition_metadata={"recognizer_name": "Test"}
    )
    spans = finalize(text, [result], entities=None, threshold=0.35)
    assert [s.text for s in spans] == (["ilka dorn"] if kept else [])
