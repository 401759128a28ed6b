"""Software, skills and methods that recognizers take for names, organisations or places.

* a token with a framework suffix: "Vue.js", "Next.js", "ASP.NET";
* a line that lists skills or tools ("Skills: Microsoft Office, SAP, Tableau"): nothing on it
  is a person, organisation or place;
* a vendor followed by its product ("Microsoft Office", "Google Cloud", "Adobe Photoshop"):
  the vendor here names software, not an employer;
* an item of a list whose other items are software ("Cucumber, Gherkin, Selenium Web
  Driver"): an unknown tool, not a person or organisation;
* a camel-case tech name ("XGBoost", "PyTorch", "NeurIPS") found by spaCy alone is weak
  evidence (see :func:`redaction.detection.recognizers._common.tech_cased`).
"""

from __future__ import annotations

import re

from redaction.detection.postprocess.settings import default_settings
from redaction.detection.recognizers._common import tech_cased
from redaction.detection.recognizers.organizations import ORG_WORDS

_TECH_SUFFIX = re.compile(r"[\w)]\.(?:js|JS|Js|NET|net|ts|jsx|tsx)(?![\w.])")
_SUFFIX_AFTER = re.compile(r"\.(?:js|JS|Js|NET|net|ts|jsx|tsx)(?![\w.])")
_LIST_LABEL = re.compile(
    r"[^\w\n]*(?:(?:technical|key|core|it|computer|software|programming|other|additional)\s+)?"
    r"(?:skills?|skill\s+set|skillset|tools?|tech|technolog(?:y|ies)|software|stack|"
    r"tech\s+stack|frameworks?|librar(?:y|ies)|platforms?|environments?|languages|"
    r"competenc(?:y|ies)|proficienc(?:y|ies)|packages|databases|methods|methodologies|"
    r"applications)"
    r"(?:\s+(?:used|known|and\s+tools|&\s+tools))?[^\w\n]{0,4}[:|–—]",
    re.IGNORECASE,
)
VENDORS = frozenset(
    """
    microsoft ms google adobe amazon aws oracle sap ibm apple salesforce atlassian autodesk
    vmware jetbrains intuit zoho hubspot
    """.split()  # noqa: SIM905 - a word list
)
PRODUCTS = frozenset(
    """
    office excel word powerpoint outlook teams azure cloud analytics ads adwords workspace docs
    sheets slides drive photoshop illustrator indesign premiere xd acrobat creative suite
    lightroom after effects web services database hana erp s/4hana watson sql server dynamics
    project visio sharepoint onedrive windows ios macos xcode autocad revit maya fusion firebase
    bigquery colab search console tag manager looker data studio platform 365 bi power
    ec2 s3 lambda sagemaker redshift jira confluence bitbucket vsphere esxi quickbooks
    """.split()  # noqa: SIM905 - a word list
)
_NEXT_WORD = re.compile(r"[ \t]+([\w/+-]+)")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
_EMPLOYER_CUES = frozenset(
    "at for with by joined join from of to client customer employer company role".split()  # noqa: SIM905
)


def framework_name(text: str, start: int, end: int) -> bool:
    """ "Vue.js", "ASP.NET", or "Vue" right before ".js"."""
    return bool(_TECH_SUFFIX.search(text, start, end) or _SUFFIX_AFTER.match(text, end))


def on_a_skills_line(text: str, start: int) -> bool:
    """The span is on a line that starts with a skills or tools label."""
    line_start = text.rfind("\n", max(0, start - 2000), start) + 1
    label = _LIST_LABEL.match(text, line_start)
    return label is not None and label.end() <= start


def vendor_product(text: str, start: int, end: int) -> bool:
    """A vendor and its product: the span is one ("Google Cloud") or a vendor before one."""
    words = text[start:end].lower().split()
    if not words or words[0] not in VENDORS:
        return False
    if len(words) > 1:
        return all(w in PRODUCTS or w in VENDORS for w in words[1:])
    following = _NEXT_WORD.match(text, end)
    if following is None or following.group(1).lower() not in PRODUCTS:
        return False
    # "support for Microsoft Office 365 at ...", "joined Google Cloud": the employer.
    before = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return before is None or before.group(1).lower() not in _EMPLOYER_CUES


_LIST_BOUNDARY = re.compile(r"[\n:;()\[\]]|[ \t]{2,}|\.(?=\s)")
_LIST_ITEM = re.compile(r"\s*(?:,|\band\b)\s*")


def in_a_software_list(text: str, start: int, end: int) -> bool:
    """The span is one item of a list of three or more whose other items name software
    ("Cucumber, Gherkin, Selenium Web Driver", "Redmine, Bugzilla, Jira"): an unknown tool,
    not a person or an organisation."""
    left = max(0, start - 300)
    boundaries = [m.end() for m in _LIST_BOUNDARY.finditer(text, left, start)]
    segment_start = boundaries[-1] if boundaries else left
    after = _LIST_BOUNDARY.search(text, end, min(len(text), end + 300))
    segment_end = after.start() if after else min(len(text), end + 300)
    items = [i.strip() for i in _LIST_ITEM.split(text[segment_start:segment_end]) if i.strip()]
    if len(items) < 3 or any(len(i.split()) > 3 for i in items[1:-1]):
        return False  # a sentence with "and" in it, not a list of names
    last = text[start:end].split()[-1].strip(".,").lower() if text[start:end].split() else ""
    if last in ORG_WORDS:
        return False  # "Acme Bank" among tools is still a bank
    known = default_settings().software
    span_text = text[start:end].strip()

    def software(item: str) -> bool:
        words = [w.strip(".,").lower() for w in item.split()]
        return any(w in known and len(w) > 2 for w in words) or any(
            tech_cased(w) or framework_name(w, 0, len(w)) for w in item.split()
        )

    others = [i for i in items if span_text not in i]
    return sum(software(i) for i in others) >= max(1, len(others) // 3)


def software_here(text: str, start: int, end: int, entity: str) -> bool:
    """``text[start:end]`` names software or a skill here, whatever its words otherwise are.

    A place on a skills line stays a place ("Technical skills: Acme Soft India (Pune)"), and a
    line that starts with a vendor is an employer entry as often as a product."""
    if framework_name(text, start, end) or _inside_known_software(text, start, end):
        return True
    line_start = text.rfind("\n", max(0, start - 2000), start) + 1
    opens_line = not text[line_start:start].strip(" \t•*-–·➢❖♦>")
    if not opens_line and vendor_product(text, start, end):
        return True
    return entity != "LOCATION" and on_a_skills_line(text, start)


_WORD_BEFORE = re.compile(r"([\w.+#-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w.+#-]+)")


def _inside_known_software(text: str, start: int, end: int) -> bool:
    """ "Boot" in "Spring Boot", "BI" in "Power BI": a part of a known tool's name."""
    known = default_settings().software
    span = " ".join(text[start:end].split()).lower()
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return bool(
        (before and f"{before.group(1).lower()} {span}" in known)
        or (after and f"{span} {after.group(1).lower()}" in known)
    )
