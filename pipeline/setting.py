"""Where an article is set: its dateline ("NAIROBI, Kenya (AP) —", "TOKYO:", "New Delhi,
June 22 (PTI)"), and the places its headline and lead name.

Wire copy names the city of a meeting once, in the dateline, and then says only "the two
leaders met on Tuesday". The events extractor falls back on this setting for a meeting whose
own clause names no city; the claims extractor never takes a dateline or an agency tag as a
speaker. A dateline is recognised by its shape, not by a list of cities: a short run of
capitalised words, numbers and dates at the very start of the first paragraph, ended by a
dash or a colon (or by an agency tag in capitals); the caller checks that it names a place
("Putin: we will not retreat" has the shape but names none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .doccache import doc_ents, doc_text

# A word of a dateline: capitalised, a number or a date ("4", "1437/16"), or a particle
# inside a place name ("Brdo pri Kranju", "Rio de Janeiro").
_WORD = r"(?:[A-Z0-9][\w.'’/-]*|de|do|da|del|di|of|al|el|la|le|du|pri|na|am|an|bin)"
_HEAD = rf"{_WORD}(?:[ ,]+{_WORD}){{0,9}}"
_AGENCY = r"\((?P<agency>[A-Za-z][\w .&'’-]{0,30})\)"
DATELINE = re.compile(
    rf"(?P<head>{_HEAD})(?:\s*{_AGENCY})?\s*(?:—|–|--|:|-(?=\s))\s*"  # "TOKYO (Kyodo) --", "Abu Dhabi:"
    rf"|(?P<head2>{_HEAD})\s*\((?P<agency2>[A-Z]{{2,8}})\)\s+"  # "New Delhi, June 22 (PTI) Prime ..."
    rf"|(?P<head3>{_HEAD})\s*/(?P<agency3>[A-Z][\w-]{{1,15}})/\.?\s+"  # "MOSCOW, May 31. /TASS/. Russian ..."
)
# An agency's tag closing a paragraph ("... Tan Sri Johari Abdul. — Bernama"); the caller
# checks that the name is a known organisation or an acronym.
CLOSING_TAG = re.compile(r"[.!?”\"]\s+[—–-]{1,2}\s*(?P<agency>[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,2})\s*$")
MAX_DATELINE_CHARS = 90
_PLACE_LABELS = ("PLACE", "COUNTRY")


@dataclass(frozen=True)
class Dateline:
    start: int  # character offsets in doc.text of the whole dateline, separator included
    end: int
    places: tuple[Span, ...]  # the PLACE / COUNTRY entities inside it, in text order
    names: tuple[str, ...]  # its comma-separated parts as written ("DAKAR", "Senegal")
    agency: str | None


def _blocks(doc: Doc) -> list[dict]:
    """The structure component's blocks; none in a pipeline without it."""
    return (doc._.newsclaims_blocks or []) if Doc.has_extension("newsclaims_blocks") else []


def first_paragraph(doc: Doc) -> dict | None:
    """The first block of prose (not the title or a heading, nor a headline that was read
    as a paragraph: one short line without closing punctuation before more prose)."""
    paragraphs = [b for b in _blocks(doc) if b["kind"] == "paragraph"][:2]
    if len(paragraphs) == 2 and _reads_as_headline(doc_text(doc)[paragraphs[0]["start"] : paragraphs[0]["end"]]):
        return paragraphs[1]
    return paragraphs[0] if paragraphs else None


def opening_paragraphs(doc: Doc, n: int = 3) -> list[dict]:
    """The first ``n`` blocks of prose, where a report says where its people are."""
    lead = first_paragraph(doc)
    if lead is None:
        return []
    paragraphs = [b for b in _blocks(doc) if b["kind"] == "paragraph" and b["start"] >= lead["start"]]
    return paragraphs[:n]


def _reads_as_headline(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= 200 and "\n" not in text and not text.endswith((".", "!", "?", ":", "\"", "”"))


def find_dateline(doc: Doc) -> Dateline | None:
    """The dateline opening the first paragraph, by its shape. Whether it names a place is
    for the caller to decide (``places``, or ``names`` looked up in a gazetteer: the
    entity recogniser often misses an upper-case "DAKAR")."""
    block = first_paragraph(doc)
    if block is None:
        return None
    text = doc_text(doc)
    match = DATELINE.match(text, block["start"], min(block["end"], block["start"] + MAX_DATELINE_CHARS + 20))
    if match is None:
        return None
    head = next(name for name in ("head", "head2", "head3") if match.group(name) is not None)
    head_start, head_end = match.span(head)
    if head_end - head_start > MAX_DATELINE_CHARS:
        return None
    places = tuple(e for e in doc_ents(doc) if e.label_ in _PLACE_LABELS and e.start_char >= head_start and e.end_char <= head_end)
    names = tuple(part.strip() for part in text[head_start:head_end].split(",") if part.strip())
    agency = match.group("agency") or match.group("agency2") or match.group("agency3")
    return Dateline(match.start(), match.end(), places, names, agency)


def closing_tags(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the agency names that close paragraphs ("— Bernama")."""
    text = doc_text(doc)
    found = []
    for block in _blocks(doc):
        if block["kind"] != "paragraph":
            continue
        match = CLOSING_TAG.search(text, block["start"], block["end"])
        if match is not None:
            found.append(match.span("agency"))
    return found


def block_places(doc: Doc, block: dict) -> list[Span]:
    """PLACE and COUNTRY entities of one block, in text order."""
    return [e for e in doc_ents(doc) if e.label_ in _PLACE_LABELS and e.start_char >= block["start"] and e.end_char <= block["end"]]


def headline_and_lead(doc: Doc) -> list[dict]:
    """The title (or a first short line that reads as one) and the first paragraph."""
    blocks = _blocks(doc)
    found = [b for b in blocks[:1] if b["kind"] in ("title", "heading")]
    lead = first_paragraph(doc)
    if not found and lead is not None and blocks[0] is not lead and blocks[0]["kind"] == "paragraph":
        found.append(blocks[0])  # a sentence-case headline read as a one-line paragraph
    return found + ([lead] if lead is not None else [])
