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


THREAD = """Date: Tue, 4 Dec 2001 15:12:00 -0800 (PST)
From: wendy.okafor@example.com
To: r.thistlewood@example.com
Subject: FW: Quarterly FERC Filing Report - Draft Ready for Review
X-From: Okafor, Wendy
X-To: Thistlewood, Ramsay K., Vashti, TK, Y'Abara, Paulo
X-cc:
Ramsay,
Attached is the draft.
Thanks,
WO

Original Message
From: Thistlewood, Ramsay K.
Sent: Monday, December 03, 2001 9:14 AM
To: Okafor, Wendy; Brannigan, Ottoline; Ines Quarshie@NORTHGAS
Cc: "Marchetti, Ilario" <ilario.marchetti@example.com>; All Northgas Employees
Subject: Filing
Forwarded by Jude Mbeki/HOU/NG on 12/02/2001
Please check with QLX before Friday: QLX's invoice is late and QLX needs it today.
"""


@pytest.mark.parametrize(
    "name",
    [
        "Okafor, Wendy",
        "Thistlewood, Ramsay K.",
        "Vashti, TK",
        "Y'Abara, Paulo",
        "Brannigan, Ottoline",
        "Ines Quarshie@NORTHGAS",
        "Marchetti, Ilario",
        "Jude Mbeki/HOU/NG",
        "WO",
    ],
)
def test_names_in_message_headers_and_signatures(detector, name):
    spans = detector.detect(THREAD)
    assert _covered(spans, THREAD, name), [(s.label, s.text) for s in spans]
    person = [s for s in spans if s.start <= THREAD.index(name) < s.end]
    assert person[0].label == "PERSON"


def test_header_words_and_subject_lines_are_not_names(detector):
    spans = detector.detect(THREAD)
    for word in ("Sent", "Subject", "All Northgas Employees", "Draft Ready for Review"):
        assert not _touched(spans, THREAD, word), [(s.label, s.text) for s in spans]
    # The acronym in the subject line is still an organisation, and so is the one acting.
    assert _covered(spans, THREAD, "FERC")
    assert _covered(spans, THREAD, "QLX")


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("The IRS doesn't know why the refund is late.", ["IRS"], []),
        ("He is a trader going to UBS. We become UBS employees soon.", ["UBS"], []),
        ("Any word from NNG? NNG has not paid.", ["NNG"], []),
        ("Strong SQL and ETL skills; an MBA from 2010.", [], ["SQL", "ETL", "MBA"]),
        ("Send it by EOD, ASAP: the CEO is waiting.", [], ["EOD", "ASAP", "CEO"]),
    ],
)
def test_acronym_organisations_by_use(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    "text",
    [
        "Employment\nFrom: 2010\nTo: 2014\nRole: Analyst",
        "Period: From: March 2012 To: Present",
    ],
)
def test_form_fields_are_not_message_headers(detector, text):
    persons = [s.text for s in detector.detect(text) if s.label == "PERSON"]
    assert persons == []


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        # The item before "Town, ST" is the employer or school of a CV entry.
        (
            "Account Manager, Brindlecombe Wine and Spirits, Cerritos, CA  2003-2007",
            ["Brindlecombe Wine and Spirits"],
            ["Account Manager"],
        ),
        ("Engineering Manager  Quellix7, Austin, Texas  May 2015", ["Quellix7"], ["Engineering"]),
        (
            "Volunteer, Shelter for Families, Muncie, Indiana",
            ["Shelter for Families"],
            ["Volunteer"],
        ),
        ("I live at 12 Oak Street, Springfield, IL", ["Springfield, IL"], ["I live"]),
        # A capitalised article and a legal form after a comma belong to the name.
        ("Lecturer, The Harwick Institute, Baltimore, MD, 1988", ["The Harwick Institute"], []),
        ("Professional Experience  Qorvantis, Inc., Cary, North Carolina", ["Qorvantis, Inc."], []),
        (
            "Paralegal at L.F. Brennard & Associates, LLC since 1995",
            ["L.F. Brennard & Associates, LLC"],
            [],
        ),
        # Field labels name the organisation.
        (
            "Company: Grupo Valdeoro S.A.  Position held: Legal Advisor",
            ["Grupo Valdeoro S.A."],
            ["Position", "Legal Advisor"],
        ),
        ("Organization: Violet Quarry Advertisers, Phoenix, AZ", ["Violet Quarry Advertisers"], []),
    ],
)
def test_employers_in_cv_entries(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        # The name is the first column of a header line that also holds contact details.
        (
            '"Everett Kaysen Dovie    http://www.linkedin.com/in/ekd\nSummary\nText',
            ["Everett Kaysen Dovie"],
            [],
        ),
        (
            "Quorra Beltane  (123)345-7890  quorra@example.com\nObjective\nText",
            ["Quorra Beltane"],
            [],
        ),
        # An address neither swallows the name before it nor the label after a column gap.
        (
            '"Lanora Bexley Tarrant    Volkerts Rd.    Sebastopol, CA, 95472    Home Phone: (123) 345-7890\nObjective\nText',
            ["Lanora Bexley Tarrant", "Volkerts Rd.    Sebastopol, CA, 95472"],
            ["Home Phone"],
        ),
        # Numbered streets and a unit before the town are addresses, whole.
        (
            "Offices: 143 West 22nd Street New York, New York 10011",
            ["143 West 22nd Street New York, New York 10011"],
            [],
        ),
        (
            "1100 Louisiana, Suite 3300 Houston, Texas 77002",
            ["1100 Louisiana, Suite 3300 Houston, Texas 77002"],
            [],
        ),
    ],
)
def test_headers_and_addresses_keep_their_edges(detector, text, caught, untouched):
    check(detector, text, caught, untouched)
    spans = detector.detect(text)
    persons = [s.text for s in spans if s.label == "PERSON"]
    if persons:
        assert all("Rd" not in p and "Suite" not in p for p in persons), persons


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Lead Android Architect,    Quillbody  10/12-06/13", ["Quillbody"], ["Architect"]),
        ("Software developer / PixHarbor, Rennes  2013", ["PixHarbor"], ["Software"]),
        ("Intern engineer / QRT, Lyon    Jun - Sep 2009", ["QRT"], ["Intern"]),
        ("Senior Developer, Team Lead  2015 - 2017", [], ["Team Lead"]),
        ("He is a good manager, Python and Java expert.", [], ["Python"]),
        # Institutions named by their kind of body.
        (
            "Lecturer at the Faculty of Law and Economic Sciences in Paris",
            ["Faculty of Law and Economic Sciences"],
            [],
        ),
        (
            "Instructor: Silverbrook Adult Training Centre, Johnsonville",
            ["Silverbrook Adult Training Centre"],
            [],
        ),
        (
            "Counsel, Australian Charities and Not-for-profits Commission.",
            ["Australian Charities and Not-for-profits Commission"],
            [],
        ),
    ],
)
def test_employers_after_job_titles_and_institutions(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


MEMO = """From: Okafor, Wendy
To: Brannigan, Ottoline
Subject: QX Earnings Idea - Twist on DPC
Ottoline,
QX's risk is high and QX hires consultants. Review the QX tariff with DPC by COB Wednesday,
or COB Tuesday at the latest. The Economist's Report and the Blanco Hub Agreements are attached.
Forwarded by Jude Mbeki / HOU / NG on 12/02/2001
Yom Kippur was lovely.
Warm Regards, Wendy
"""


def test_acronyms_titles_and_closings_are_not_people(detector):
    spans = detector.detect(MEMO)
    shown = [(s.label, s.text) for s in spans]
    persons = " ".join(s.text for s in spans if s.label == "PERSON")
    for word in ("Earnings", "Idea", "COB", "Wednesday", "Yom Kippur", "Warm Regards", "HOU"):
        assert word not in persons, shown
    for title in ("Economist's Report", "Blanco Hub Agreements"):
        assert not _touched(spans, MEMO, title), shown
    # The company named by its acronym is found wherever it stands, in capitals only.
    starts = {s.start for s in spans if s.label == "ORGANIZATION" and s.text == "QX"}
    assert starts >= {i for i in range(len(MEMO)) if MEMO.startswith("QX", i)}, shown
    assert _covered(spans, MEMO, "Jude Mbeki")


@pytest.mark.parametrize(
    "text",
    [
        "Four years of sales in B2B\nplatform software.",
        "Unix, CA7 scheduler and cron jobs.",
        "Written on top of the CSPC 2.0 base code.",
    ],
)
def test_terms_shaped_like_postcodes_or_addresses_are_not_addresses(detector, text):
    labels = {s.label for s in detector.detect(text)}
    assert not labels & {"UK_POSTCODE", "STREET_ADDRESS", "ADDRESS"}, labels


def test_an_employer_line_in_capitals_before_a_date_line_is_no_heading(detector):
    text = (
        "Anna Quist\nConsultant\n\nQUORVEX ANALYTICS -\n\nDecember 2011 to March 2012\n\nSKILLS\n\n"
    )
    spans = detector.detect(text)
    assert _covered(spans, text, "QUORVEX ANALYTICS"), [(s.label, s.text) for s in spans]
    assert not _touched(spans, text, "SKILLS")


def test_an_institute_named_for_training_is_an_organisation(detector):
    text = "EDUCATION\n\nBTEC HNC in Aviation\n\nQuellfinn Institute of Cabin Crew Training -  Calicut, Kerala\n\n2013\n"
    spans = detector.detect(text)
    assert _covered(spans, text, "Quellfinn Institute of Cabin Crew Training")


def test_citation_furniture_is_no_personal_data(detector):
    text = "Logistic Regression. Political Analysis, Vol. 9, Pp. 137-163. Project: Award winning."
    spans = detector.detect(text)
    for part in ("Vol", "Pp", "137-163", "Project", "Award"):
        assert not _touched(spans, text, part), [(s.label, s.text) for s in spans]


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Worked as a workplace supervisor at Quollers  Outstanding skills", ["Quollers"], []),
        ("Data Analyst at Quellbury Foods in Leeds", ["Quellbury Foods"], ["Data Analyst"]),
        ("The manager at the time was kind. I was an engineer at heart.", [], ["time", "heart"]),
    ],
)
def test_employer_after_a_role_and_at(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Read pages 137-163 again", None),
        ("Call me on 020 7946 0123 today", "020 7946 0123"),
        ("Phone: 555-0199 or (0113) 496 0123", "(0113) 496 0123"),
    ],
)
def test_short_digit_runs_are_not_phone_numbers(detector, text, phone):
    phones = [s.text for s in detector.detect(text) if s.label == "PHONE_NUMBER"]
    assert (phone in phones) if phone else not phones, phones


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Insurance Company - Coventry  HR ASSISTANT Feb 2010", "Coventry"),
        ("Moved from Wolverhampton to Sunderland in 2012.", "Sunderland"),
        ("Offices in Milwaukee and Winnipeg.", "Winnipeg"),
    ],
)
def test_major_towns_are_places(detector, text, place):
    spans = detector.detect(text)
    assert _covered(spans, text, place), [(s.label, s.text) for s in spans]


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Professional Experience  IT Assistant  Quantamount Designs    2/1/2012 - Current",
            ["Quantamount Designs"],
            ["IT Assistant"],
        ),
        ("Senior Developer  Team Lead  2015 - 2017", [], ["Team Lead"]),
    ],
)
def test_employer_between_a_title_and_its_dates(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_the_line_after_a_degree_names_the_school(detector):
    text = "Anna Quist\nAnalyst\n\nEDUCATION\n\nB.E\n\nQVSSUT,burla\n\nMCA\n\nKQGISL\n\nSKILLS\n\nPython\n"
    spans = detector.detect(text)
    for school in ("QVSSUT,burla", "KQGISL"):
        assert _covered(spans, text, school), [(s.label, s.text) for s in spans]
    assert not _touched(spans, text, "SKILLS") and not _touched(spans, text, "Python")


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("I am moving to NY next week and then back in TX.", ["NY", "TX"], []),
        ("Work in IT and in HR, sales in North America.", ["North America"], ["IT", "HR"]),
    ],
)
def test_state_codes_after_a_place_word_and_continents(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_an_acronym_in_a_long_subject_line_is_an_organisation(detector):
    text = (
        "From: Okafor, Wendy\nTo: Brannigan, Ottoline\n"
        "Subject: RE: August 2001 QERC California Report - Preliminary Ready for Review\n"
        "Please see the attached.\n"
    )
    spans = detector.detect(text)
    assert _covered(spans, text, "QERC"), [(s.label, s.text) for s in spans]
    assert not _touched(spans, text, "Preliminary Ready for Review")


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Counsel, shipping department of the Iraqi Maritime Transport  Company, Baghdad, Iraq.",
            ["Iraqi Maritime Transport  Company"],
            [],
        ),
        (
            "Adviser, Civil Aviation Administration of France    1976-1977",
            ["Civil Aviation Administration of France"],
            [],
        ),
        (
            "Treasurer, Sigma Tau Gamma National Fraternity, 1990 - 2004",
            ["Sigma Tau Gamma National Fraternity"],
            [],
        ),
        ("Work    Experience  Acme  Company  2010", ["Acme  Company"], ["Experience"]),
    ],
)
def test_bodies_named_by_their_kind_and_doubled_spaces_inside_names(
    detector, text, caught, untouched
):
    check(detector, text, caught, untouched)


def test_a_suffix_chain_joined_by_and_stays_one_organisation(detector):
    text = "Analyst, Duluth Information Technology Systems and Services, 2007"
    check(detector, text, ["Duluth Information Technology Systems and Services"])


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Subject: Loadings\nDear Roald:\nThe figures are attached.", "Roald"),
        ("Hi Quorvan,\nthanks for the note.", "Quorvan"),
        ("Dear Dr Okafor,\nThank you.", "Okafor"),
        ("Dear Sir or Madam,\nplease find my CV.", None),
        ("Hi all,\nthe meeting moved.", None),
        ("Dear Hiring Manager,\nI apply for the role.", None),
    ],
)
def test_a_salutation_names_its_reader(detector, text, person):
    persons = [s.text for s in detector.detect(text) if s.label == "PERSON"]
    assert any(person in p for p in persons) if person else not persons, persons


def test_a_given_name_that_is_also_a_word_still_completes_a_header_name(detector):
    text = (
        "Date: Tue, 4 Dec 2001\nX-From: Arnold, Jonah\nX-To: Quillery, Dutch\nX-cc:\nSubject: hi\n"
    )
    spans = detector.detect(text)
    assert _covered(spans, text, "Quillery, Dutch"), [(s.label, s.text) for s in spans]


def test_a_family_name_that_is_also_a_word_counts_before_a_given_name(detector):
    text = "Date: Tue\nTo: Donoho, Lindy; January, Steven; Holmes, Bradley\nCc: All Staff\nSubject: hi\n"
    spans = detector.detect(text)
    assert _covered(spans, text, "January, Steven"), [(s.label, s.text) for s in spans]
    assert not _touched(spans, text, "All Staff")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Intern | HSBC  Las Vegas, NV | Summer 2013", "Las Vegas, NV"),
        ("Analyst, Quellby Foods, Denver, CO  2012", "Denver, CO"),
    ],
)
def test_state_codes_that_spell_a_legal_form_are_still_states(detector, text, place):
    spans = detector.detect(text)
    assert _covered(spans, text, place), [(s.label, s.text) for s in spans]


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Test automation: including Cucumber, Gherkin, Selenium Web Driver  (languages)",
            [],
            ["Cucumber", "Gherkin"],
        ),
        ("Clients: Acme Bank, Python, Java", ["Acme Bank"], []),
        ("Worked with John Smith, Mary Jones and Python.", ["John Smith", "Mary Jones"], []),
    ],
)
def test_unknown_tools_in_a_list_of_software_are_not_names(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "BSc in Computer Science from the Corriden Institute of  Technology. Focused on X.",
            ["Corriden Institute of  Technology"],
            ["Focused"],
        ),
        (
            "Vashti College (VC), University  of Tarnwick, India (2007)",
            ["University  of Tarnwick"],
            [],
        ),
        (
            "Secretary, Ministry of Industry and  Commerce, Kathmandu",
            ["Ministry of Industry and  Commerce"],
            [],
        ),
        (
            "Marketing    University of Pune    Marks Scored    72%",
            ["University of Pune"],
            ["Marks"],
        ),
    ],
)
def test_an_institution_name_runs_on_over_a_doubled_space(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        (
            "Education  2005-2008 The University of Hollowmere  BSc, Computing",
            ["The University of Hollowmere"],
        ),
        ("IT Assistant  The Varsano Group    5/1/2003 - 7/1/2004", ["The Varsano Group"]),
        (
            "Paralegal (2013  present)  The Quiller Law Group, PA  Tampa, Florida",
            ["The Quiller Law Group"],
        ),
        ("PR Intern, The Wexley Marsh Company • New York, NY", ["The Wexley Marsh Company"]),
    ],
)
def test_an_article_that_opens_an_entry_belongs_to_the_organisation(detector, text, caught):
    check(detector, text, caught)


def test_an_article_that_opens_a_sentence_stays_outside_the_organisation(detector):
    text = "Rates rose. The Varsano Group said it would wait."
    orgs = [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]
    assert orgs and all(not o.startswith("The") for o in orgs), orgs


@pytest.mark.parametrize(
    "text", ["The Varsano Group have agreed to wait.", "Notes\nThe Varsano Group's offer stands."]
)
def test_an_article_that_opens_a_sentence_on_a_new_line_stays_outside(detector, text):
    orgs = [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]
    assert orgs and all(not o.startswith("The") for o in orgs), orgs


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Human Resources Generalist  QUORVANT, INC.  Washington, D.C.", "QUORVANT, INC"),
        (
            "Highlights of Employment  STRATEGIC PELLWORTH, INC,  1998 to 2008",
            "STRATEGIC PELLWORTH, INC",
        ),
        ("set top groups.  Ratio Dernlab, Inc. (became Tarnix)", "Ratio Dernlab, Inc"),
        ("ROLES:  Children Toys, Inc. (2005)  • Directed finance", "Children Toys, Inc"),
    ],
)
def test_a_legal_form_after_a_comma_closes_an_organisation(detector, text, organisation):
    check(detector, text, [organisation])


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Student Teacher  Tarnwick, MN  Quellbury High School  January  May 2011",
            ["Tarnwick, MN", "Quellbury High School"],
            [],
        ),
        (
            "Special Education  Corrig, WI  Vashti Elementary School  September 2010",
            ["Corrig, WI", "Vashti Elementary School"],
            [],
        ),
    ],
)
def test_a_school_in_the_column_after_town_and_state_is_found(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        (
            "Office Manager (1993  1997)  The Law Office of Quentin C. Varley, PA  Jacksonville",
            "The Law Office of Quentin C. Varley",
        ),
        (
            "Paralegal, Law Offices of Brannock Tell | 526 West 27th Street",
            "Law Offices of Brannock Tell",
        ),
        (
            "Chief Attorney (1973-78), Office of the Quarnby Commissioner of  Securities, Madison",
            "Office of the Quarnby Commissioner of  Securities",
        ),
    ],
)
def test_an_office_named_after_its_holder_or_body_is_one_organisation(detector, text, organisation):
    check(detector, text, [organisation])


def test_office_words_that_name_no_office_are_left_alone(detector):
    check(
        detector,
        "Office Manager at the front desk; office of choice for many.",
        [],
        ["Office Manager"],
    )


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("1979 to 1981    Masonite, Ukiah, Ca  Millwright", ["Ukiah, Ca"], []),
        ("Technology, Kokomo, In  Bachelor of Science", ["Kokomo, In"], []),
        (
            "Xandra Erdman  W. Clybourn St., Milwaukee, Wisconsin  Phone: 555-0100",
            ["Clybourn St., Milwaukee, Wisconsin"],
            [],
        ),
        ("We met in Leeds, In the end it rained.", ["Leeds"], ["In the end"]),
    ],
)
def test_typed_state_codes_and_streets_before_a_town(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Doctor of Musical Arts (2005-2007)  University of Tarnwick  Boulder, CO.",
            ["University of Tarnwick", "Boulder, CO"],
            [],
        ),
        (
            "EDUCATIONAL BACKGROUND  University of Hollowmere  Hollowmere, CT  2001",
            ["University of Hollowmere", "Hollowmere, CT"],
            [],
        ),
    ],
)
def test_an_institution_stops_at_the_column_gap(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    "address",
    [
        "4 Francis Dam, Leeds LS1 4AP",
        "12 Cedar Falls, Springfield, IL 62701",
        "7 Mill Creek Crossing",
    ],
)
def test_every_usps_street_suffix_after_a_house_number_makes_an_address(detector, address):
    text = f"Amelia Hartley\n{address}\nPhone: 0113 496 0000"
    spans = detector.detect(text)
    assert _covered(spans, text, address), [(s.label, s.text) for s in spans]
    assert not any(s.label == "PERSON" and "Dam" in s.text for s in spans)


def test_a_word_of_a_known_tools_name_is_no_name(detector):
    check(detector, "I have 5 years of experience in Data Mining and Spring Boot.", [], ["Boot"])


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "WORK EXPERIENCE  Westbury Print Services - Swindon  SITE SUPERVISOR  March 2016 - Present",
            ["Westbury Print Services", "Swindon"],
            ["WORK EXPERIENCE", "SITE SUPERVISOR"],
        ),
        (  # spaCy calls "Harwood Kitchens - Swindon" a person; the town beats it
            "Harwood Kitchens - Swindon  SITE SUPERVISOR  March 2016 - Present",
            ["Harwood Kitchens", "Swindon"],
            ["SITE SUPERVISOR"],
        ),
        (
            "Teamwork    Greenleaf Garden Centre  Taunton  RETAIL ASSISTANT  Jun 2012  Aug 2014",
            ["Greenleaf Garden Centre", "Taunton"],
            ["RETAIL ASSISTANT", "Jun 2012"],
        ),
        # Capitals that are no job title, or no dates after them: nothing is claimed.
        ("Online Sales  Coventry    MARKETING MANAGER  Competitor analysis", [], ["Online Sales"]),
    ],
)
def test_employer_and_town_before_a_title_in_capitals_and_dates(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_dates_after_a_job_title_are_no_employer(detector):
    check(detector, "Summary    SALES ASSISTANT    Jun 2007  Aug 2008", [], ["Jun 2007"])


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        (
            "Lecturer  University of Northumbria Newcastle Department of Sport Exercise "
            "Science and Rehabilitation (2015 - Present)",
            ["Department of Sport Exercise Science and Rehabilitation"],
        ),
        (
            "Support Analyst  Kingsford Polytechnic Campus Library Digital Systems and Services "
            "(2009 - 2012)",
            ["Library Digital Systems and Services"],
        ),
    ],
)
def test_a_unit_named_after_its_institution_is_covered_to_its_end(detector, text, caught):
    check(detector, text, caught)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Analyst  q4 Systems Limited, Leeds (2016 - 2018)", ["q4 Systems Limited"], []),
        ("Engineer at eVolt Power Solutions Ltd", ["eVolt Power Solutions Ltd"], []),
        # An upper-case run after a lower-case letter is a typo, not a brand.
        ("Meet at the aTM center on Monday", [], ["aTM center"]),
    ],
)
def test_brand_names_that_start_in_lower_case(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        (
            "Private practice in the firm of Otieno Wambua and Co. Advocates  with offices",
            ["Otieno Wambua and Co. Advocates"],
        ),
        ("Trainee, Hartley Stone LLP Solicitors, Chester", ["Hartley Stone LLP Solicitors"]),
    ],
)
def test_a_firm_name_ends_in_its_profession_after_the_legal_form(detector, text, caught):
    check(detector, text, caught)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        # a name right before its own address, whether or not the name lists know it
        ("Line manager: Priyanka Raghunathan (priyanka.r@example.in)", ["Priyanka Raghunathan"],
         ["Line manager"]),
        ("Write to Tendai Mukarati <t.mukarati@example.zw> by Friday.", ["Tendai Mukarati"],
         ["Friday"]),
        ("Referee: Dr Aoife Ní Bhriain - aoife.nibhriain@example.ie", ["Aoife Ní Bhriain"], []),
    ],
)  # fmt: skip
def test_a_name_spelled_by_the_address_beside_it(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    "text",
    ["Customer Care - customer.care@example.com", "Support Team <support.team@example.org>"],
)
def test_a_shared_mailbox_spelled_by_its_address_is_no_person(detector, text):
    assert [s.text for s in detector.detect(text) if s.label == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Ask Siobhán Byrne or José Álvarez about it.", ["Siobhán Byrne", "José Álvarez"], []),
        ("Sent: Friday, Jan 18, 2002 4:05 PM\nTo: Mary Kowalski", ["Mary Kowalski"], ["Jan"]),
        ("The offer expires on 12 June; please reply by May 30.", [], ["June", "May"]),
    ],
)
def test_names_written_with_accents_and_months_in_dates(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("After school I studied at The Marlowe Institute of Technology in Kent.",
         ["The Marlowe Institute of Technology"], []),
        ("The Hartwell Group have agreed the terms.", ["Hartwell Group"], ["The "]),
        ("Skills: Deep Neural Networks, Machine Learning and Transformer models", [],
         ["Machine Learning", "Deep Neural Networks"]),
        ("P W D L GF GA\nRovers 38 24 8 6 71 32\nUnited 38 21 9 8 62 41", [],
         ["P W D L GF GA", "38 24 8 6", "21 9 8 62"]),
    ],
)  # fmt: skip
def test_articles_connectors_and_tables(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("2009-2013 Universidad Nacional de Rosales, Licenciatura en Economía",
         ["Universidad Nacional de Rosales"]),
        ("Studied at the Technische Hochschule Wendelin before moving to Leeds.",
         ["Technische Hochschule Wendelin"]),
        ("Exchange semester: Université de Montvallon, 2015", ["Université de Montvallon"]),
        ("Research intern, Instituto Superior de Ciencias y Artes (2018)",
         ["Instituto Superior de Ciencias y Artes"]),
        ("Lecturer, Institut Teknologi Sembara, 2016 - 2020", ["Institut Teknologi Sembara"]),
    ],
)  # fmt: skip
def test_institutions_named_in_other_languages(detector, text, caught):
    check(detector, text, caught)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Department of Weaving and Dyeing, University of Harlston",
         ["Department of Weaving and Dyeing", "University of Harlston"], []),
        ("Corlan College, School of Commerce and  Administration, Dunmere, 1981",
         ["School of Commerce and  Administration"], []),
        ("Legal adviser of the National Computer  Centre, Vellmar, 1975.",
         ["National Computer  Centre"], []),
        ("Masters in Social Work, St.  Aldhelms University, Dunmere",
         ["St.  Aldhelms University"], []),
        ("I worked at Brisk Systems India Healthcare Pvt Ltd, Bangalore",
         ["Brisk Systems India Healthcare Pvt Ltd"], []),
        ("Work Experience  2014  2016, Shamrock Building Supplies  Sales Manager",
         ["Shamrock Building Supplies"], []),
        ("1981-1986  Kestrelvale University1975  -1977", ["Kestrelvale University"], ["1975"]),
    ],
)  # fmt: skip
def test_institution_and_firm_names_hold_together(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_two_institutions_joined_by_and_stay_two(detector):
    spans = detector.detect("Degrees from the University of Harlston and Corlan Institute of Art")
    names = [s.text for s in spans if s.label == "ORGANIZATION"]
    assert "University of Harlston" in names and "Corlan Institute of Art" in names, names


@pytest.mark.parametrize(
    "text",
    [
        "1989-1992  Instructor, Brantley Community College  B. Primary/Secondary Education",
        "Reeve Professional Services/Dollar Group; Wayne, NJ (2007-2010)",
    ],
)
def test_slashed_words_outside_a_message_are_no_mail_address(detector, text):
    spans = detector.detect(text)
    assert not any("/" in s.text and s.label == "PERSON" for s in spans), spans


@pytest.mark.parametrize(
    ("text", "people", "untouched"),
    [
        ("Quillfeather is the brainchild of our 3 founders: Vornholt, Becker and Vasquez.",
         ["Vornholt", "Becker", "Vasquez"], []),
        ("Is this their best song? Zubarev and Bowers were precise engineers.",
         ["Zubarev", "Bowers"], []),
        ("They had six: Hleb, Sheila, Donna, Sherry, Donald and Shane.", ["Hleb"], []),
        ("Invite the traders: me, Lorraine, QJ, Paul, Mark, and Kim.", ["QJ", "Mark"], []),
        ("Skills: Java, Python, Ruby and Perl", [], ["Ruby", "Perl"]),
        ("We toured France, Spain and Italy.", [], []),
    ],
)  # fmt: skip
def test_every_item_of_a_list_of_people_is_a_person(detector, text, people, untouched):
    spans = detector.detect(text)
    persons = {s.text for s in spans if s.label == "PERSON"}
    for name in people:
        assert name in persons, (name, [(s.label, s.text) for s in spans])
    check(detector, text, [], untouched)
    assert not any(s.label == "PERSON" for s in spans if s.text in {"France", "Spain"})


def test_a_partnership_named_as_a_firm_stays_one_organisation(detector):
    spans = detector.detect("Tomomi works for Hawkins, Richardson and Santana in Leeds.")
    assert "Hawkins, Richardson and Santana" in [s.text for s in spans if s.label == "ORGANIZATION"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Warrane, can I please speak to your boss?", "Warrane"),
        ("Got it. Quorvel, please send the figures by Friday.", "Quorvel"),
    ],
)
def test_a_sentence_that_calls_its_reader_names_a_person(detector, text, person):
    assert person in [s.text for s in detector.detect(text) if s.label == "PERSON"]


@pytest.mark.parametrize(
    "text",
    ["Sorry, can you resend it?", "Team, please review.", "Personally, I would wait."],
)
def test_openers_that_call_nobody_are_no_names(detector, text):
    assert not [s for s in detector.detect(text) if s.label == "PERSON"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Mr. Haldorsen flew to Vila Nova de Ourentes on Tuesday morning.",
         "Vila Nova de Ourentes"),
        ("Mrs. Quist flew to Brellow on Sunday morning.", "Brellow"),
        ("the economy of the band's home city Torrenueva del Campo: cars and steel",
         "Torrenueva del Campo"),
        ("The orchestra now tours all of Southern Poland.", "Poland"),
    ],
)  # fmt: skip
def test_a_place_after_a_travel_phrase_is_no_person(detector, text, place):
    spans = detector.detect(text)
    places = [s for s in spans if s.label == "LOCATION"]
    assert _covered(places, text, place), places
    persons = [s for s in spans if s.label == "PERSON"]
    assert not _touched(persons, text, place), persons


def test_a_full_name_after_a_travel_phrase_stays_a_person(detector):
    spans = detector.detect("I came to Maria Lopez for advice.")
    assert ("PERSON", "Maria Lopez") in [(s.label, s.text) for s in spans]


@pytest.mark.parametrize(
    ("text", "organisations", "not_organisation"),
    [
        ("Its clients: Ranku, Brevia and Miller Ltd.", ["Miller Ltd"], "Brevia and Miller"),
        ("Partners: Hicks and Brown and Abt Associates.", ["Abt Associates"], "Brown and Abt"),
        ("I worked at Marks and Spencer Ltd in Leeds.", ["Marks and Spencer Ltd"], ""),
    ],
)  # fmt: skip
def test_the_last_item_of_a_list_is_no_part_of_the_firm_after_it(
    detector, text, organisations, not_organisation
):
    names = [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]
    for name in organisations:
        assert any(n.rstrip(".") == name for n in names), names
    if not_organisation:
        assert not any(not_organisation in n for n in names), names


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Unlike the Ásgeirsdóttir novel, it is not about the sea.", "Ásgeirsdóttir"),
        ("The Wiśniewski report came in late.", "Wiśniewski"),
    ],
)
def test_a_lone_family_name_known_by_its_ending_is_a_person(detector, text, person):
    assert person in [s.text for s in detector.detect(text) if s.label == "PERSON"]


def test_a_name_the_text_confirms_beats_a_weak_guess_of_another_kind(detector):
    text = "A comedy directed by Jindřich Holinka and starring Holinka."
    spans = [(s.label, text[s.start : s.end]) for s in detector.detect(text)]
    assert spans.count(("PERSON", "Holinka")) == 1, spans
    assert ("ORGANIZATION", "Holinka") not in spans


def test_an_institution_ends_where_its_sentence_goes_on(detector):
    text = "She studied at The Marlby Hopkins University and worked for KESTREL OIL."
    names = [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]
    assert "The Marlby Hopkins University" in names, names
    assert not any("worked" in n for n in names), names


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("Regulators fined QBX after the audit.", "QBX"),
        ("A QBX spokesman declined to comment.", "QBX"),
    ],
)
def test_an_acronym_used_as_news_uses_an_organisation_is_one(detector, text, acronym):
    spans = detector.detect(text)
    assert any(s.text == acronym and s.label == "ORGANIZATION" for s in spans), spans


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Summer 2008  Quillon  New York, NY  Accounting Summer Intern", ["Quillon"], []),
        ("Tutoring & Mentoring Circles  Vincennes, IN | Nov 2010", ["Tutoring & Mentoring Circles"],
         []),
        ("Relevant Experience  Boston, MA", ["Boston, MA"], ["Relevant Experience"]),
        ("Associate Professor,  College of Nursing and Human Care  Department of Weaving and "
         "Dyeing, University of Harlston",
         ["College of Nursing and Human Care", "Department of Weaving and Dyeing"], []),
    ],
)  # fmt: skip
def test_an_employer_in_the_column_before_town_and_state(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Assistant Engineer - Intern  Jan - Feb 2015  QBR, Melbourne  Responsibilities:",
         ["QBR"], ["Jan"]),
        ("Bob Varley, Account Manager  UK and Europe, SYSTORA, London. Phone: 0113 496 0000",
         ["SYSTORA"], []),
        ("Senior Engineer, London", ["London"], ["Senior Engineer"]),
        ("Intern  Jan - Feb 2015  QBR, Melbourne, Australia  Responsibilities", ["QBR"], []),
        ("Sent on Monday, London time", [], ["Monday"]),
    ],
)  # fmt: skip
def test_an_employer_before_a_known_town(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Assistant Principal, Great Pupil Academy, Spring, TX    July 2006",
         ["Spring, TX", "Great Pupil Academy"], []),
        ("Full Time Instructor  Kent OH  Information Sciences", ["Kent OH"], []),
        ("Lawn & Garden Services, Stockler CA 2004 to Present", ["Stockler CA"], []),
        ("Skills: Java, Spring, Hibernate", [], ["Spring"]),
        ("MONTHLY REPORTS IN  2019", [], ["REPORTS IN"]),
    ],
)  # fmt: skip
def test_a_town_before_its_state_code_even_when_a_word(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Bachelor of Arts    : Commerce    UNC Brevard    Brevard, NC    GPA: 3.95",
         ["UNC Brevard", "Brevard, NC"], []),
        ("Diploma in News Reading, Mass Media College.  2019", ["Mass Media College"], []),
        ("Volunteer, Cradles to Crayons • Conshohocken, PA • April 2015 - present",
         ["Cradles to Crayons"], []),
        ("Cashier, Healthy Eating Ambassador - Wholesome Foods Market: Plymouth Meeting, PA",
         ["Wholesome Foods Market"], ["Healthy Eating Ambassador"]),
        ("Location: Boston, MA", ["Boston, MA"], ["Location"]),
    ],
)  # fmt: skip
def test_entries_laid_out_in_columns_keep_their_names_apart(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        (
            "Harrisburg, PA  Dunmore REALTORS® Institute  September 2007",
            "Dunmore REALTORS® Institute",
        ),
        ("Washington, DC  GW Housing Programs  August 2009 to Present", "GW Housing Programs"),
    ],
)
def test_trademarks_and_programmes_inside_organisation_names(detector, text, organisation):
    assert organisation in [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]


def test_a_programme_manager_is_a_job_title(detector):
    assert not [
        s for s in detector.detect("Programs Manager at the plant") if s.label == "ORGANIZATION"
    ]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("dpo ap 51065\n781 1704 office\n(579)888-3058 fax", "781 1704"),
        ("mobile: 99 577450\ndesk: +1-604-696-5272", "99 577450"),
        ("085 175 7641-Office,3660170548-Fax", "3660170548"),
        ("Kaevu 94\n28-64-66-98 office", "28-64-66-98"),
    ],
)
def test_numbers_labelled_as_phones_after_them_are_phones(detector, text, phone):
    spans = [s for s in detector.detect(text) if s.label == "PHONE_NUMBER"]
    assert phone in [s.text for s in spans], spans
    assert not any("\n" in s.text for s in spans), spans


def test_an_ip_address_is_no_phone_number(detector):
    spans = detector.detect("keep getting address 48.90.248.226 blocked")
    assert [(s.label, s.text) for s in spans] == [("IP_ADDRESS", "48.90.248.226")]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ('"I\'m so jealous!" said Maslin to Antonio.', "Maslin"),
        ("Our founders: Šušulić, Bowman and White.", "Šušulić"),
        ("A film directed by Wacława Adamska and starring Adamska.", "Adamska"),
    ],
)
def test_speakers_list_items_and_confirmed_names_are_people(detector, text, person):
    labels = {s.label for s in detector.detect(text) if s.text == person}
    assert labels == {"PERSON"}, (person, labels)


def test_a_place_after_said_in_a_sentence_stays_a_place(detector):
    spans = detector.detect("The report, said Brussels, was late.")
    assert [(s.label, s.text) for s in spans] == [("LOCATION", "Brussels")]


def test_a_word_the_text_also_writes_as_its_domain_is_an_organisation(detector):
    text = "Director of Engineering,    Quintrel  05/13-08/14  quintrel.com\nBuilt Quintrel's app."
    names = [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]
    assert names.count("Quintrel") == 2, names


def test_a_mail_provider_named_in_the_text_is_no_employer(detector):
    spans = detector.detect("Write to jane.roe@gmail.com if Gmail works for you.")
    assert not [s for s in spans if s.label == "ORGANIZATION"], spans


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Tom Reese, a spokesman for Quorvant, declined to comment.", "Quorvant"),
        ("Shares of Kestrova rose 3 percent on Tuesday.", "Kestrova"),
        ("The chief executive of Brellwick said profits fell.", "Brellwick"),
    ],
)
def test_organisations_named_as_the_news_names_them(detector, text, organisation):
    assert organisation in [s.text for s in detector.detect(text) if s.label == "ORGANIZATION"]


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("U.S. Border Patrol Officer; Harlow Field Office", [], ["Border Patrol Officer"]),
        ("2003 - Present: Associate Art Editor, Garden Weekly", [], ["Art Editor"]),
        ("Please update the Job Profile on the portal.", [], ["Job Profile"]),
        ("Officer Tomas Brennigan took the call.", ["Tomas Brennigan"], ["Officer"]),
        ("Editor Maria Lopez agreed.", ["Maria Lopez"], ["Editor"]),
    ],
)
def test_a_job_or_role_is_no_person(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "Deputy Registrar, Federal Court of Australia, Sydney",
            ["Federal Court of Australia"],
            [],
        ),
        ("Clerk to the Court of Appeal in 2004", ["Court of Appeal"], []),
        ("Adviser to the Government of Rwanda, Kigali", ["Government of Rwanda"], []),
        ("Dispatcher (Harlow Dept. Of Public Safety)", ["Harlow Dept. Of Public Safety"], []),
        ("Leader, St. Francis of Assisi School, Baltimore", ["St. Francis of Assisi School"], []),
        ("Head of Science Department, Maple Leaf School", ["Maple Leaf School"], ["Head of"]),
        ("The flat is at 4 Elm Court, Leeds.", ["4 Elm Court"], ["flat"]),
    ],
)
def test_bodies_named_x_of_y(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        (
            "Dean, School of Nursing, Midwifery, and Allied Health (SNMAH), Kellerton University.",
            "School of Nursing, Midwifery, and Allied Health (SNMAH)",
        ),
        (
            "Adviser to the Joint Aviation Authorities Training Organization (JAA/TO) and others",
            "Joint Aviation Authorities Training Organization (JAA/TO)",
        ),
        (
            "Board member of ISCAP (Information Systems & Computing Academic Professionals)",
            "ISCAP (Information Systems & Computing Academic Professionals)",
        ),
        (
            "President, EDSIG (Education Foundation for Information Systems) (2009 and 2010)",
            "EDSIG (Education Foundation for Information Systems)",
        ),
    ],
)
def test_a_body_defining_its_acronym_is_one_name(detector, text, organisation):
    spans = detector.detect(text)
    assert any(s.label == "ORGANIZATION" and s.text == organisation for s in spans), [
        (s.label, s.text) for s in spans
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tracked our Key Performance Indicators (KPI) and Service Level Agreements (SLAs).",
        "We sold Software as a Service (SaaS) and Infrastructure as Code (IaC) projects.",
        "Applied Machine Learning (AML) methods to Natural Language Processing (NLP).",
    ],
)
def test_a_skill_or_product_defining_its_acronym_is_no_organisation(detector, text):
    spans = detector.detect(text)
    assert not any(s.label == "ORGANIZATION" and "(" in s.text for s in spans), spans


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "they had four: oriel, terrence, pamela and brian.",
            ["oriel", "terrence", "pamela", "brian"],
            ["four"],
        ),
        ("please follow up with benjamin a seiler next week", ["benjamin a seiler"], ["week"]),
        ("ask monika žilková about it", ["monika žilková"], ["ask"]),
        ("we need milk, eggs, bread and butter.", [], ["milk", "eggs", "bread", "butter"]),
        ("meetings on may, june and july", [], ["may", "june", "july"]),
    ],
)
def test_names_in_text_written_all_in_lower_case(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("This song by ex-Zombie Kastrelli is a fine example.", ["Kastrelli"], ["ex-Zombie"]),
        ("An interview with ex-Beatle Paul Ruston last week.", ["Paul Ruston"], ["ex-Beatle"]),
        ("Unlike the Roeterdink novel, it is short.", ["Roeterdink"], ["novel"]),
        ("I read the Python version of the book.", [], ["Python"]),
    ],
)
def test_a_person_named_by_what_they_were_or_wrote(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("M.Tech. in IT in KVT, Pune\n\n2010 to 2012", ["KVT", "Pune"], ["M.Tech"]),
        ("Dr Ann Pereira, Professor, KVT,Pune Phone: +91 1232456789", ["KVT"], ["Professor"]),
        (
            "QA Engineer at Skavra an Infosys Company - Data Mining",
            ["Skavra an Infosys Company"],
            [],
        ),
        ("Worked for Halden Labs (a Tata enterprise) since 2012.", ["Halden Labs (a Tata"], []),
        ("She is a Senior Engineer, a Team Lead group member", [], ["Senior Engineer"]),
        ("Translator on a CRM project in Wipro\nTechnologies.\n\nLinguist", ["Technologies"], []),
        ("Tools and Methods\nSolutions\n\nJava", [], ["Methods", "Solutions"]),
    ],
)
def test_employers_named_with_a_town_a_parent_or_a_wrapped_suffix(
    detector, text, caught, untouched
):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "person", "untouched"),
    [
        ("Senator Dale Whitcombe, a Republican, told reporters.", "Dale Whitcombe", "Senator"),
        ("Mayor Beatriz Oyelaran announced the plan.", "Beatriz Oyelaran", "Mayor"),
        ("Bishop Desmond Tutu spoke first.", "Desmond Tutu", "Bishop"),
        ("Tom Bishop and Anna Judge met on Friday.", "Tom Bishop", "Friday"),
        ("Nguyen Thi Lan, 52, a nurse from Hanoi, said she had waited.", "Nguyen Thi Lan", "nurse"),
    ],
)
def test_people_in_news_text(detector, text, person, untouched):
    spans = detector.detect(text)
    assert any(s.label == "PERSON" and s.text == person for s in spans), [
        (s.label, s.text) for s in spans
    ]
    check(detector, text, [], [untouched])


def test_an_institution_ends_before_the_verb_after_its_name(detector):
    text = "The Ministry of Defence confirmed that the University of Leeds campus was closed."
    check(detector, text, ["Ministry of Defence", "University of Leeds"], ["confirmed", "campus"])


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Attn: Accounts, Quillfeather Press, PO Box 881, Galway", ["Quillfeather Press"], []),
        ("I spoke with the folks at Northwind Gas Transmission today.", ["Northwind Gas"], []),
        ("Gas Trading and Risk Management & Pipeline groups met.", [], ["Pipeline"]),
        ("We are meeting downtown on Louisiana St. at noon.", ["Louisiana"], []),
    ],
)
def test_publishers_and_utilities(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_a_degree_before_a_dash_is_no_employer(detector):
    text = "EDUCATION\nBSc Mathematics — University of St Andrews, 2011–2014"
    check(detector, text, ["University of St Andrews"], ["BSc Mathematics"])


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("The house was sold to the Dufresnoy family in 1998.", ["Dufresnoy"], ["house"]),
        ("The Lopez-Gutierrez household (3 people) applied.", ["Lopez-Gutierrez"], ["people"]),
        ("Contact: Friedrichstraße 43, 10117 Berlin, Tel. +49 30 2091 3344", [], ["Tel"]),
    ],
)
def test_families_by_name_and_addresses_before_a_field(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Deputy Manager with Genius Consultants Ltd -Bangalore from 2007", ["Bangalore"], []),
        ("Lecturer  Monash University, Berwick  a.b@example.com", ["Berwick"], ["Lecturer"]),
        ("Education    University of Minnesota, Twin Cities  PhD", ["Twin Cities"], ["PhD"]),
        ("Imperial College, Computing  2012", ["Imperial College"], ["Computing"]),
    ],
)
def test_the_town_of_an_entry_after_a_dash_or_a_university(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


def test_a_street_abbreviation_ends_no_persons_name(detector):
    spans = detector.detect("We are meeting downtown on Louisiana St. at noon.")
    assert not any(s.label == "PERSON" for s in spans), [(s.label, s.text) for s in spans]


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        (
            "10/03/2023, 18:02 - Tunde: Running late, tell Grace to start\n"
            "10/03/2023, 18:05 - Grace Oyelowo: no worries",
            ["Tunde", "Grace Oyelowo", "Grace"],
            ["Running late"],
        ),
        (
            "[09:14] <mkowalski> @anjali can you review PR 482?\n[09:15] anjali.rao: sure",
            ["mkowalski", "@anjali", "anjali.rao"],
            ["review", "sure"],
        ),
        ("Twitter: @jrk_dev | Web: example.org", ["@jrk_dev"], []),
        ("Used @Override and @property; meeting at 10:30: agenda below", [], ["@Override"]),
    ],
)
def test_chat_speakers_and_handles(detector, text, caught, untouched):
    check(detector, text, caught, untouched)


@pytest.mark.parametrize(
    ("text", "untouched"),
    [
        ("Objective: a position as a Registered Nurse at Riverside Hospital.", "Registered Nurse"),
        ("Charge Nurse                                June 2015 – Present", "Present"),
        ("B.S. Nursing, The Ohio State University, Columbus, Ohio, 2015", "B.S. Nursing"),
    ],
)
def test_jobs_degrees_and_date_ranges_are_no_names(detector, text, untouched):
    check(detector, text, [], [untouched])


@pytest.mark.parametrize(
    ("text", "caught", "untouched"),
    [
        ("Senior Counsel\nHalvorsen Shipping AS\nBergen", ["Halvorsen Shipping AS"], []),
        ("Worked for Nordvik Oy, Ferretti SpA and Brandt KG", ["Nordvik Oy", "Brandt KG"], []),
        ("As a manager I used Base SAS and visited the Day Spa", [], ["As a", "Base SAS"]),
        ("Senior Analyst, Suncor Energy, Calgary, AB  2015-2019", ["Calgary, AB"], []),
        (
            "14 Harbour Road, 5013 Bergen, Norway\nT +47 55 12 34 56",
            ["14 Harbour Road, 5013 Bergen, Norway", "+47 55 12 34 56"],
            ["\nT"],
        ),
    ],
)
def test_foreign_legal_forms_and_lettered_phone_labels(detector, text, caught, untouched):
    check(detector, text, caught, untouched)
