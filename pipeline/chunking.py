"""Documents longer than spaCy's ``max_length``: block-aligned pieces, stitched back.

A long cleaned text is cut at block boundaries (never inside a paragraph, list or table,
unless one block alone is too long, which is then cut at a line or sentence end). Each
piece is annotated on its own; :func:`merge_records` shifts every offset by the piece's
start, renumbers blocks, and merges actors, so the result is one record whose spans
point into the whole text.
"""

from __future__ import annotations

import bisect
import re

from .schema import Actor, AnnotationRecord, Block, Evidence, Table, Topic
from .structure import parse_blocks, title_of

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")

# Longest piece given to spaCy at once: its memory grows with the piece (about 1 GB of
# peak RSS per 1 MB piece), so long documents are annotated in pieces of this size.
PIECE_CHARS = 100_000


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
        k = bisect.bisect_right(bounds, limit)  # bounds are sorted: no scan per piece
        cut = bounds[k - 1] if k and bounds[k - 1] > start else None
        if cut is None:  # one block longer than the limit: cut at a sentence or line end
            cut = _last_end(text, start, limit)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _last_end(text: str, start: int, limit: int) -> int:
    """The last sentence or line end in ``text[start:limit]`` (else ``limit``), found backwards."""
    newline = text.rfind("\n", start, limit)
    window = max(start, limit - 2_000, newline)  # a sentence end after the last newline, if any
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window, limit)]
    if ends:
        return ends[-1]
    return newline + 1 if newline > start else limit


def _shift(evidence: Evidence, offset: int, block_offset: int) -> Evidence:
    return evidence.model_copy(update={
        "start": evidence.start + offset, "end": evidence.end + offset,
        "block": None if evidence.block is None else evidence.block + block_offset,
    })


def merge_records(text: str, pieces: list[tuple[int, AnnotationRecord]], template: AnnotationRecord,
                  layout=None) -> AnnotationRecord:
    """One record for ``text`` from records of its pieces (piece start, record); ``layout``:
    the cleaning's headings and list items, as for :func:`split_points`."""
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
    # A block cut between pieces (a 100,000-row table) would come out as two halves: the
    # blocks are parsed again on the whole text and every block reference found by offset.
    whole = parse_blocks(text, layout)
    blocks = [Block(id=b.id, kind=b.kind, start=b.start, end=b.end,
                    table=Table(columns=b.columns or [], rows=b.rows or []) if b.kind == "table" else None)
              for b in whole]
    starts = [b.start for b in blocks]
    find = lambda s: _block_at(blocks, starts, s)  # noqa: E731
    entities = [e.model_copy(update={"block": find(e.start)}) for e in entities]
    claims = [c.model_copy(update={"block": find(c.start)}) for c in claims]
    topics, positions, events = ([x.model_copy(update={"evidence": x.evidence.model_copy(update={"block": find(x.evidence.start)})})
                                  for x in group] for group in (topics, positions, events))
    return AnnotationRecord(
        doc_id=template.doc_id, source=template.source, cleaning=template.cleaning, text=text,
        title=title or title_of(whole, text),
        blocks=blocks, entities=entities, actors=list(actors.values()),
        topics=_unique_topics(topics), positions=positions, claims=claims, events=events,
    )


def _block_at(blocks: list[Block], starts: list[int], offset: int) -> int | None:
    """Id of the block containing ``offset`` (binary search over sorted block starts)."""
    k = bisect.bisect_right(starts, offset) - 1
    return blocks[k].id if k >= 0 and offset < blocks[k].end else None


def _unique_topics(topics: list[Topic]) -> list[Topic]:
    seen, unique = set(), []
    for topic in topics:
        key = " ".join(topic.label.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(topic)
    return unique

