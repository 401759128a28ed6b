"""Editing text inside DOCX runs without losing their formatting."""

from __future__ import annotations

import copy

from lxml import etree

from redaction.documents.docx_xml import W

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BLACK_BOX = "█"

#: The schema order of w:rPr children (Word rejects some out-of-order run properties).
_RPR_ORDER = [
    W + t
    for t in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
]


def set_text(element: etree._Element, text: str) -> None:
    """Set a w:t's text, keeping leading/trailing spaces."""
    element.text = text
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")


def _set_run_property(rpr: etree._Element, tag: str, attrs: dict[str, str]) -> None:
    for old in rpr.findall(tag):
        rpr.remove(old)
    new = etree.Element(tag, {W + k: v for k, v in attrs.items()})
    rank = _RPR_ORDER.index(tag)
    for i, child in enumerate(rpr):
        if child.tag in _RPR_ORDER and _RPR_ORDER.index(child.tag) > rank:
            rpr.insert(i, new)
            return
    rpr.append(new)


def blacken_run(run: etree._Element) -> None:
    """Black highlight and shading so "█" characters read as one black box."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        run.insert(0, rpr)
    _set_run_property(rpr, W + "color", {"val": "000000"})
    _set_run_property(rpr, W + "highlight", {"val": "black"})
    _set_run_property(rpr, W + "shd", {"val": "clear", "color": "auto", "fill": "000000"})


def text_element(element: etree._Element, text: str) -> etree._Element:
    """Turn a non-w:t text element (w:tab, w:br...) into a w:t with ``text`` in its place."""
    if element.tag == W + "t":
        set_text(element, text)
        return element
    new = etree.Element(W + "t")
    set_text(new, text)
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, new)
    return new


def isolate(element: etree._Element, start: int, end: int, text: str) -> etree._Element:
    """Put ``text`` in place of ``element.text[start:end]``, in a run of its own (same
    formatting) between the text before and after it. Returns that new run."""
    run = element.getparent()
    old = element.text or ""
    if run is None or run.tag != W + "r":
        set_text(element, old[:start] + text + old[end:])
        return element
    rpr = run.find(W + "rPr")

    def new_run(content: str) -> tuple[etree._Element, etree._Element]:
        made = etree.Element(W + "r")
        if rpr is not None:
            made.append(copy.deepcopy(rpr))
        t = etree.SubElement(made, W + "t")
        set_text(t, content)
        return made, t

    middle, _ = new_run(text)
    after, after_t = new_run(old[end:])
    for sibling in list(element.itersiblings()):
        after.append(sibling)  # moves the rest of the run after the isolated text
    set_text(element, old[:start])
    run.addnext(middle)
    middle.addnext(after)
    if not old[end:] and len(after) == (2 if rpr is not None else 1):
        after.getparent().remove(after)  # type: ignore[union-attr]
    elif not old[end:]:
        after.remove(after_t)
    if not old[:start]:
        run.remove(element)
        if all(child.tag == W + "rPr" for child in run):
            run.getparent().remove(run)  # type: ignore[union-attr]
    return middle
