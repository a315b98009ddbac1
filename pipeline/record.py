"""Turn an annotated spaCy Doc into the output record.

Components never build JSON: they leave spans, span groups and extensions on the Doc,
and this module reads them into :class:`pipeline.schema.AnnotationRecord`.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from .clean import CleanResult
from .doccache import doc_ents, doc_text
from .entities import TARGET_LABELS
from .schema import AnnotationRecord, Source
from .structure import byline_authors


def _block_index(blocks: list[dict]) -> list[tuple[int, int, int]]:
    return sorted((b["start"], b["end"], b["id"]) for b in blocks)


def block_of(index: list[tuple[int, int, int]], start: int) -> int | None:
    """Id of the block containing character ``start``; ``index`` sorted by start (a binary
    search: a 100,000-row document has many blocks and many entities)."""
    k = bisect_right(index, start, key=lambda b: b[0]) - 1
    if k >= 0 and index[k][0] <= start < index[k][1]:
        return index[k][2]
    return None


def doc_to_record(doc: Doc, doc_id: str, cleaning: CleanResult, source: Source | None = None) -> AnnotationRecord:
    """The validated output record for one annotated document."""
    blocks = doc._.newsclaims_blocks or []
    index = _block_index(blocks)
    text = doc_text(doc)
    title = None
    for b in blocks:
        if b["kind"] == "title":
            start, end = b["units"][0]
            title = text[start:end]
            break
    source = source or Source()
    bylines = [name for b in blocks if b["kind"] == "byline" for name in byline_authors(text[b["start"]:b["end"]])]
    if bylines:  # the page's metadata authors first, then the byline's names
        source = source.model_copy(update={"authors": list(dict.fromkeys(source.authors + bylines))})
    entities = []
    for ent in doc_ents(doc):
        if ent.label_ not in TARGET_LABELS:
            continue
        start, end, surface, underscore = ent.start_char, ent.end_char, text[ent.start_char : ent.end_char], ent._
        entities.append({
            "text": surface,
            "label": ent.label_,
            "start": start,
            "end": end,
            "block": block_of(index, start),
            "canonical": underscore.newsclaims_canonical or surface,
            "kb_id": ent.kb_id_ or None,
            "country": underscore.newsclaims_country,
        })
    # Plain dicts validated in one call: pydantic-core builds the nested models ~2x
    # faster than one BaseModel(...) per entity, block and claim.
    return AnnotationRecord.model_validate({
        "doc_id": doc_id,
        "source": source,
        "title": title,
        "text": text,
        "cleaning": {
            "fixes": [{"kind": k, "count": v} for k, v in sorted(cleaning.fixes.items())],
            "flags": list(cleaning.flags),
        },
        "blocks": [
            {"id": b["id"], "kind": b["kind"], "start": b["start"], "end": b["end"], "table": b.get("table") or None}
            for b in blocks
        ],
        "entities": entities,
        "actors": doc._.newsclaims_actors or [],
        "topics": _extension(doc, "newsclaims_topics"),
        "positions": _extension(doc, "newsclaims_positions"),
        "claims": _extension(doc, "newsclaims_claims"),
        "events": _extension(doc, "newsclaims_events"),
    })


def _extension(doc: Doc, name: str) -> list[dict]:
    """An extractor's results; empty when that component is not in the pipeline."""
    return (getattr(doc._, name) if Doc.has_extension(name) else None) or []
