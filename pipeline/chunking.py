"""Documents longer than spaCy's ``max_length``: block-aligned pieces, stitched back.

A long cleaned text is cut at block boundaries (never inside a paragraph, list or table,
unless one block alone is too long, which is then cut at a line or sentence end). Each
piece is annotated on its own; :func:`merge_records` shifts every offset by the piece's
start, finds each span's block among the blocks of the whole text, and merges actors,
so the result is one record whose spans point into the whole text; :class:`RecordMerger`
does it one piece at a time, so a long document's pieces are never all held at once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from pydantic_core import to_json

from .schema import Actor, AnnotationRecord, Block, Claim, Cleaning, Entity, Event, Evidence, Position, Source, Table, Topic
from .spill import BodyWriter, SpilledRecord
from .structure import parse_blocks, table_body, title_of

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")

# Longest piece given to spaCy at once. spaCy's peak memory grows with the text it is
# given (measured with the base model alone: +56 MB over the loaded model for 25,000
# characters, +264 MB for 100,000), so long documents are annotated in pieces of this size.
PIECE_CHARS = 20_000


def split_points(text: str, max_chars: int, layout=None, blocks=None) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text``, each at most ``max_chars`` long, cut between blocks
    (``layout``: the cleaning's headings and list items, see :func:`parse_blocks`;
    ``blocks``: the blocks of ``text`` when already parsed)."""
    pieces: list[tuple[int, int]] = []
    start = 0
    if blocks is None:
        blocks = parse_blocks(text, layout)
    # Never cut between an introduction ending in ":" and the list or table it introduces.
    bounds = [b.end for b in blocks if not text.endswith(":", b.start, b.end)]  # blocks are trimmed: no copy of a block
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


class RecordMerger:
    """One record for ``text`` built from the records of its pieces, added one at a time.

    The blocks are parsed on the whole text first (a block cut between pieces, a
    100,000-row table, stays one block), so each piece's entities, claims, topics,
    positions and events are moved to their final offsets and blocks as soon as the
    piece is done, and the piece's record is dropped: memory holds the merged items,
    not every piece's record. The items are built with ``model_construct`` from the
    validated piece records, sharing one set of field names (pydantic's per-instance
    ``__pydantic_fields_set__`` is most of an item's memory); the final record is
    validated as usual (offsets and span texts).

    With ``spill=True`` (batch runs) the items are not kept at all: each is checked
    (offsets inside the text, span text equal to it) and written to a temporary file
    (:class:`~pipeline.spill.BodyWriter`); :meth:`spill` gives the finished record as a
    :class:`~pipeline.spill.SpilledRecord`. Memory then holds the text, the block offsets
    and the actors, whatever the number of mentions.
    """

    def __init__(self, text: str, layout=None, blocks=None, spill: bool = False):
        self.text = text
        whole = parse_blocks(text, layout, cells=False) if blocks is None else blocks
        self.fallback_title = title_of(whole, text)
        self._starts = [b.start for b in whole]
        self._ends = [b.end for b in whole]
        self._writer = BodyWriter() if spill else None
        self.blocks: list[Block] = []
        self.entities: list[Entity] = []
        self.claims: list[Claim] = []
        self.topics: list[Topic] = []
        self.positions: list[Position] = []
        self.events: list[Event] = []
        self._topic_keys: set[str] = set()
        for b in whole:
            if b.kind == "table" and b.rows is None and self._writer is not None:
                self._writer.add_parts("blocks", _table_block_json(text, b))  # row by row, never all held
                continue
            rows = (b.rows if b.rows is not None else list(table_body(text, b))) if b.kind == "table" else None
            self._keep("blocks", _construct(Block, id=b.id, kind=b.kind, start=b.start, end=b.end,
                                            table=_construct(Table, columns=b.columns or [], rows=rows)
                                            if b.kind == "table" else None))
        self.title: str | None = None
        self.actors: dict[tuple, Actor] = {}

    def _keep(self, field: str, item, span_text: str | None = None) -> None:
        if self._writer is None:
            getattr(self, field).append(item)
            return
        start, end = (item.evidence.start, item.evidence.end) if hasattr(item, "evidence") else (item.start, item.end)
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"{field} offsets [{start}, {end}) fall outside text of length {len(self.text)}")
        if span_text is not None and self.text[start:end] != span_text:
            raise ValueError(f"{field} text {span_text!r} does not equal text[{start}:{end}] = {self.text[start:end]!r}")
        self._writer.add(field, item)

    def _block(self, offset: int) -> int | None:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k if k >= 0 and offset < self._ends[k] else None

    def _evidence(self, evidence: Evidence, offset: int) -> Evidence:
        start = evidence.start + offset
        return _construct(Evidence, block=self._block(start), start=start, end=evidence.end + offset, rule=evidence.rule)

    def add(self, offset: int, record: AnnotationRecord) -> None:
        """Take the items of the record of the piece that starts at ``offset``."""
        self.title = self.title or record.title
        for e in record.entities:
            start = e.start + offset
            self._keep("entities", _construct(Entity, **{**e.__dict__, "start": start, "end": e.end + offset,
                                                         "block": self._block(start)}), e.text)
        for c in record.claims:
            start = c.start + offset
            self._keep("claims", _construct(Claim, **{**c.__dict__, "start": start, "end": c.end + offset,
                                                      "block": self._block(start)}), c.text)
        for t in record.topics:  # a topic label found again in a later piece is not repeated
            key = " ".join(t.label.lower().split())
            if key not in self._topic_keys:
                self._topic_keys.add(key)
                self._keep("topics", _construct(Topic, **{**t.__dict__, "evidence": self._evidence(t.evidence, offset)}))
        for field, items in (("positions", record.positions), ("events", record.events)):
            for x in items:
                self._keep(field, _construct(type(x), **{**x.__dict__, "evidence": self._evidence(x.evidence, offset)}))
        for actor in record.actors:
            key = (actor.label, actor.kb_id or actor.canonical)
            if key in self.actors:
                kept = self.actors[key]
                self.actors[key] = kept.model_copy(update={
                    "mentions": kept.mentions + actor.mentions,
                    "role": kept.role or actor.role, "country": kept.country or actor.country,
                })
            else:
                self.actors[key] = actor

    def record(self, doc_id: str, source: Source, cleaning: Cleaning) -> AnnotationRecord:
        """The merged record (validated: every offset points into the whole text)."""
        return AnnotationRecord(
            doc_id=doc_id, source=source, cleaning=cleaning, text=self.text,
            title=self.title or self.fallback_title,
            blocks=self.blocks, entities=self.entities, actors=list(self.actors.values()),
            topics=self.topics, positions=self.positions, claims=self.claims, events=self.events,
        )

    def spill(self, doc_id: str, source: Source, cleaning: Cleaning) -> SpilledRecord:
        """The merged record written out (``spill=True``): its temporary file and what the batch needs."""
        for actor in self.actors.values():
            self._writer.add("actors", actor)
        path = self._writer.finish(self.title or self.fallback_title, self.text, cleaning)
        return SpilledRecord(doc_id, source, path, count_words(self.text))

    def close(self) -> None:
        """Drop the temporary files of a merge that did not finish."""
        if self._writer is not None:
            self._writer.close()


def _table_block_json(text: str, block) -> Iterator[bytes]:
    """The JSON of a table block as the record writes it, its body rows read one at a time
    from the text (:func:`~pipeline.structure.table_body`)."""
    if not 0 <= block.start <= block.end <= len(text):
        raise ValueError(f"blocks offsets [{block.start}, {block.end}) fall outside text of length {len(text)}")
    empty = _construct(Block, id=block.id, kind="table", start=block.start, end=block.end,
                       table=_construct(Table, columns=block.columns or [], rows=[]))
    head = empty.__pydantic_serializer__.to_json(empty)
    assert head.endswith(b"[]}}")
    yield head[:-3]  # up to and with the rows' "["
    for k, row in enumerate(table_body(text, block)):
        yield b"," + to_json(row) if k else to_json(row)
    yield b"]}}"


def count_words(text: str) -> int:
    """``len(text.split())`` without a list of every word (millions of strings for a long text)."""
    return sum(1 for _ in _WORD.finditer(text))


_WORD = re.compile(r"\S+")


_FIELDS: dict[type, set[str]] = {}


def _construct(model, **values):
    """``model.model_construct(**values)`` for values taken from validated models, with
    one shared set of field names per model (every field is given; nothing adds to it)."""
    fields = _FIELDS.setdefault(model, set(model.model_fields))
    return model.model_construct(fields, **values)


def merge_records(text: str, pieces: list[tuple[int, AnnotationRecord]], template: AnnotationRecord,
                  layout=None) -> AnnotationRecord:
    """One record for ``text`` from records of its pieces (piece start, record); ``layout``:
    the cleaning's headings and list items, as for :func:`split_points`."""
    merger = RecordMerger(text, layout)
    for offset, record in pieces:
        merger.add(offset, record)
    return merger.record(template.doc_id, template.source, template.cleaning)
