"""Documents longer than spaCy's ``max_length``: block-aligned pieces, stitched back.

A long cleaned text is cut at block boundaries (never inside a paragraph, list or table,
unless one block alone is too long, which is then cut at a line or sentence end). Each
piece is annotated on its own; :func:`merge_records` shifts every offset by the piece's
start, renumbers blocks, and merges actors, so the result is one record whose spans
point into the whole text.
"""

from __future__ import annotations

import re

from .schema import Actor, AnnotationRecord, Block, Evidence, Topic
from .structure import parse_blocks

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def split_points(text: str, max_chars: int, layout=None) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text``, each at most ``max_chars`` long, cut between blocks
    (``layout``: the cleaning's headings and list items, see :func:`parse_blocks`)."""
    pieces: list[tuple[int, int]] = []
    start = 0
    blocks = parse_blocks(text, layout)
    # Never cut between an introduction ending in ":" and the list or table it introduces.
    bounds = [b.end for b in blocks if not text[b.start:b.end].rstrip().endswith(":")]
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = max((b for b in bounds if start < b <= limit), default=None)
        if cut is None:  # one block longer than the limit: cut at a sentence or line end
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start, limit)]
            cut = ends[-1] if ends else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _shift(evidence: Evidence, offset: int, block_offset: int) -> Evidence:
    return evidence.model_copy(update={
        "start": evidence.start + offset, "end": evidence.end + offset,
        "block": None if evidence.block is None else evidence.block + block_offset,
    })


def merge_records(text: str, pieces: list[tuple[int, AnnotationRecord]], template: AnnotationRecord) -> AnnotationRecord:
    """One record for ``text`` from records of its pieces (piece start, record)."""
    blocks, entities, topics, positions, claims, events = [], [], [], [], [], []
    actors: dict[tuple, Actor] = {}
    title = None
    for offset, record in pieces:
        base = len(blocks)
        for block in record.blocks:
            kind = block.kind
            if kind == "title" and title is not None:
                kind = "heading"  # only the document's first headline is its title
            blocks.append(Block(id=base + block.id, kind=kind, start=block.start + offset, end=block.end + offset, table=block.table))
        title = title or record.title
        move = lambda b: None if b is None else b + base  # noqa: E731
        entities += [e.model_copy(update={"start": e.start + offset, "end": e.end + offset, "block": move(e.block)}) for e in record.entities]
        claims += [c.model_copy(update={"start": c.start + offset, "end": c.end + offset, "block": move(c.block)}) for c in record.claims]
        topics += [t.model_copy(update={"evidence": _shift(t.evidence, offset, base)}) for t in record.topics]
        positions += [p.model_copy(update={"evidence": _shift(p.evidence, offset, base)}) for p in record.positions]
        events += [e.model_copy(update={"evidence": _shift(e.evidence, offset, base)}) for e in record.events]
        for actor in record.actors:
            key = (actor.label, actor.kb_id or actor.canonical)
            if key in actors:
                kept = actors[key]
                actors[key] = kept.model_copy(update={
                    "mentions": kept.mentions + actor.mentions,
                    "role": kept.role or actor.role, "country": kept.country or actor.country,
                })
            else:
                actors[key] = actor
    return AnnotationRecord(
        doc_id=template.doc_id, source=template.source, cleaning=template.cleaning, text=text, title=title,
        blocks=blocks, entities=entities, actors=list(actors.values()),
        topics=_unique_topics(topics), positions=positions, claims=claims, events=events,
    )


def _unique_topics(topics: list[Topic]) -> list[Topic]:
    seen, unique = set(), []
    for topic in topics:
        key = " ".join(topic.label.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(topic)
    return unique

