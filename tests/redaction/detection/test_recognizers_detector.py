"""The must-find and must-not-flag lists of issue 2, through the whole Detector.

Lines are hand-written or generated with the seeded Faker fixture; one Detector serves the
session.
"""

from __future__ import annotations

import pytest

COVERED_LABELS = {
    "PERSON": {"PERSON"},
    "EMAIL_ADDRESS": {"EMAIL_ADDRESS"},
    "PHONE_NUMBER": {"PHONE_NUMBER"},
    "URL": {"URL"},
    "ADDRESS": {"STREET_ADDRESS", "UK_POSTCODE"},
    "LOCATION": {"LOCATION"},
    "ORGANIZATION": {"ORGANIZATION"},
}


def covered(detector, text: str, part: str, kind: str) -> bool:
    """Every alphanumeric character of ``part`` lies in a span of one of ``kind``'s labels."""
    start = text.index(part)
    chars = [i for i in range(start, start + len(part)) if text[i].isalnum()]
    spans = [s for s in detector.detect(text) if s.label in COVERED_LABELS[kind]]
    return all(any(s.start <= i < s.end for s in spans) for i in chars)


MUST_FIND = [
    ("PRIYA RAMAN\nSenior Analyst\nChennai, Tamil Nadu\n", "PRIYA RAMAN", "PERSON"),
    ("References: LN Darlow, AJ Storkey, and E Crowley.", "LN Darlow", "PERSON"),
    ("Supervised by Dr Jan van der Berg at the lab.", "Jan van der Berg", "PERSON"),
    ("Co-authored with Mary-Jane Smith-Jones in 2019.", "Mary-Jane Smith-Jones", "PERSON"),
    ("Contact: jane.doe@example.co.uk", "jane.doe@example.co.uk", "EMAIL_ADDRESS"),
    ("Mobile: +44 (0)7700 900123", "+44 (0)7700 900123", "PHONE_NUMBER"),
    ("Phone 07700900123 (evenings)", "07700900123", "PHONE_NUMBER"),
    ("Tel: 0161 496 0000", "0161 496 0000", "PHONE_NUMBER"),
    ("LinkedIn: uk.linkedin.com/in/jane-doe-1a2b3c", "uk.linkedin.com/in/jane-doe-1a2b3c", "URL"),
    ("Code: https://github.com/janedoe", "https://github.com/janedoe", "URL"),
    (
        "Publications: scholar.google.com/citations?user=X1y2Z3",
        "scholar.google.com/citations?user=X1y2Z3",
        "URL",
    ),
    (
        "Email me on Indeed: indeed.com/r/Jane-Doe/10e7a8cb732bc43a",
        "indeed.com/r/Jane-Doe/10e7a8cb732bc43a",
        "URL",
    ),
    ("Website: www.janedoe.dev", "www.janedoe.dev", "URL"),
    ("Address: 24 Clarke Avenue, Leeds LS6 2QP", "24 Clarke Avenue, Leeds LS6 2QP", "ADDRESS"),
    (
        "Post to 123 Main St, Springfield, IL 62704.",
        "123 Main St, Springfield, IL 62704",
        "ADDRESS",
    ),
    ("Based in Manchester, United Kingdom.", "Manchester", "LOCATION"),
    ("Offices in Manage, Belgium and Best, Netherlands.", "Manage", "LOCATION"),
    ("• Paris is where I studied.", "Paris", "LOCATION"),
    ("Willing to relocate to: Bengaluru, Karnataka", "Bengaluru", "LOCATION"),
    (
        "Engineer at Tata Consultancy Services since 2015.",
        "Tata Consultancy Services",
        "ORGANIZATION",
    ),
    ("MSc, University of Edinburgh, 2012", "University of Edinburgh", "ORGANIZATION"),
    (
        "Research intern, Indian Institute of Science, Bangalore",
        "Indian Institute of Science",
        "ORGANIZATION",
    ),
    ("Analyst at Acme Widgets Ltd in London", "Acme Widgets Ltd", "ORGANIZATION"),
]


@pytest.mark.parametrize(("text", "part", "kind"), MUST_FIND, ids=[m[1] for m in MUST_FIND])
def test_must_find(detector, text, part, kind):
    assert covered(detector, text, part, kind), [(s.text, s.label) for s in detector.detect(text)]


NOT_FLAGGED = [
    "[name] [surname] worked at [company] in [location] since [date].",
    "WORK EXPERIENCE\n\nEDUCATION\n\nSKILLS\n\nPROJECTS",
    "Skills: Python, Java, SQL, Machine Learning, TensorFlow, Docker, Kubernetes, Git",
    "Senior Software Engineer, then Project Manager and Team Lead",
    "Used Agile, Scrum and JIRA with Spring Boot microservices.",
    # Verbs and adjectives opening list items are towns in the lists ("Manage", "Proven",
    # "Best" in Belgium and the Netherlands) and places to the small spaCy model.
    "Matching the contract.\n• Manage escalated customer issues.\n• Manage sectors on a shift.",
    "• Proven skills in SQL and reporting\n• Proven ability in writing test plans",
    "➢ Manage not only the technical side. Proven record of delivery.\n• Best of class award",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_must_not_flag(detector, text):
    assert detector.detect(text) == []


def test_dates_only_when_asked(detector):
    text = "Jane Smith worked there from 12 May 2015 to June 2019."
    assert "DATE_TIME" not in {s.label for s in detector.detect(text)}
    asked = detector.detect(text, entities=["PERSON", "DATE_TIME"])
    assert "DATE_TIME" in {s.label for s in asked}


def test_synthetic_cv(detector, fake):
    name = f"{fake.first_name()} {fake.last_name()}"
    email = fake.email()
    company = f"{fake.last_name()} Consulting Ltd"
    cv = (
        f"{name}\n{fake.job()}\n{fake.city()}, United Kingdom\n{email} | 07700 900 982\n\n"
        f"WORK EXPERIENCE\n\nAnalyst\n\n{company} -  London\n\nMarch 2016 to Present\n\n"
        f"Worked with clients of {company}.\n\nEDUCATION\n\nBSc Economics\n\n"
        f"University of Leeds\n\n2015\n\nSKILLS\n\nExcel, SQL\n"
    )
    spans = detector.detect(cv)
    by_text = {s.text: s for s in spans}
    assert by_text[name].label == "PERSON"
    assert by_text[email].label == "EMAIL_ADDRESS"
    second = cv.rindex(company)
    assert any(s.label == "ORGANIZATION" and s.start <= second < s.end for s in spans)
    assert by_text[company].label == "ORGANIZATION"
    assert any(s.text == "University of Leeds" and s.label == "ORGANIZATION" for s in spans)
    assert not {"WORK EXPERIENCE", "EDUCATION", "SKILLS", "Analyst"} & set(by_text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert all(s.source for s in spans)
