"""The output contract: one :class:`AnnotationRecord` per input document.

These pydantic models *are* the schema: ``newsclaims schema`` prints the JSON Schema
generated from them, and every line the CLI writes is validated against them. Offsets
are half-open character offsets into ``text`` (the cleaned text), and the record
validator checks ``text[start:end] == span.text`` for every span it carries.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.2"

EntityLabel = Literal["PERSON", "COUNTRY", "PLACE", "ORG", "NORP"]
BlockKind = Literal["title", "heading", "paragraph", "list", "table", "byline"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorInfo(_Model):
    """Why a document could not be annotated."""

    type: str = Field(description="Error class, e.g. 'EmptyText', 'InvalidJSON', 'DecodeError'.")
    message: str


class Source(_Model):
    """Where the document came from (enough to find it again)."""

    path: str | None = None
    line: int | None = Field(None, description="1-based line number in a JSONL input.")
    url: str | None = None
    date: str | None = None
    id: str | None = Field(None, description="The id as the input gave it, when doc_id had to be made unique (a repeated id).")
    authors: list[str] = Field([], description="Bylines: the HTML page's authors, else the names of the text's byline block.")


class Fix(_Model):
    kind: str
    count: int = Field(ge=1)


class Cleaning(_Model):
    """What text repair changed (``fixes``) and what it says about input quality (``flags``)."""

    fixes: list[Fix] = []
    flags: list[str] = []


class Table(_Model):
    columns: list[str]
    rows: list[list[str]]


class Block(_Model):
    id: int
    kind: BlockKind
    start: int
    end: int
    table: Table | None = None


class Entity(_Model):
    text: str
    label: EntityLabel
    start: int
    end: int
    block: int | None
    canonical: str
    kb_id: str | None = None
    country: str | None = None


class Actor(_Model):
    """One distinct linked entity of the document, with how often it is mentioned."""

    canonical: str
    kb_id: str | None = None
    label: EntityLabel
    role: str | None = None
    country: str | None = None
    mentions: int = Field(ge=1)


class Evidence(_Model):
    block: int | None
    start: int
    end: int
    rule: str | None = None


class Topic(_Model):
    label: str
    category: str | None = None
    focus: str | None = None
    outcome: str | None = None
    method: str
    evidence: Evidence


class Position(_Model):
    actor: str
    actor_kb_id: str | None = None
    topic: str | None = None
    category: str | None = None
    stance: str
    method: str
    evidence: Evidence


class Claim(_Model):
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_canonical: list[str] = []
    speaker_type: Literal["person", "group", "organization", "country", "unattributed"]
    cue: str | None = None
    hedged: bool = False
    block: int | None = None


class Event(_Model):
    type: Literal["meeting"] = "meeting"
    participants: list[str] = []
    location: str | None = None
    country: str | None = None
    occasion: str | None = None
    time: str | None = None
    evidence: Evidence


class AnnotationRecord(_Model):
    """One line of newsclaims output: everything known about one input document."""

    schema_version: Literal["1.2", "1.1", "1.0"] = SCHEMA_VERSION  # older records (1.0: no source.authors) still load
    doc_id: str
    status: Literal["ok", "error"] = "ok"
    error: ErrorInfo | None = None
    source: Source = Source()
    title: str | None = None
    text: str = ""
    cleaning: Cleaning = Cleaning()
    blocks: list[Block] = []
    entities: list[Entity] = []
    actors: list[Actor] = []
    topics: list[Topic] = []
    positions: list[Position] = []
    claims: list[Claim] = []
    events: list[Event] = []

    @model_validator(mode="after")
    def _check_offsets(self) -> "AnnotationRecord":
        """Every span must point into ``text``; entity and claim texts must match it."""
        n = len(self.text)
        spans: list[tuple[str, int, int, str | None]] = []
        spans += [("block", b.start, b.end, None) for b in self.blocks]
        spans += [("entity", e.start, e.end, e.text) for e in self.entities]
        spans += [("claim", c.start, c.end, c.text) for c in self.claims]
        spans += [("topic evidence", t.evidence.start, t.evidence.end, None) for t in self.topics]
        spans += [("position evidence", p.evidence.start, p.evidence.end, None) for p in self.positions]
        spans += [("event evidence", e.evidence.start, e.evidence.end, None) for e in self.events]
        for what, start, end, text in spans:
            if not 0 <= start <= end <= n:
                raise ValueError(f"{what} offsets [{start}, {end}) fall outside text of length {n}")
            if text is not None and self.text[start:end] != text:
                raise ValueError(
                    f"{what} text {text!r} does not equal text[{start}:{end}] = {self.text[start:end]!r}"
                )
        if self.status == "error" and self.error is None:
            raise ValueError("a record with status 'error' needs an 'error' object")
        return self


def error_record(doc_id: str, error_type: str, message: str, source: Source | None = None) -> AnnotationRecord:
    """The record written for a document that could not be annotated."""
    return AnnotationRecord(
        doc_id=doc_id,
        status="error",
        error=ErrorInfo(type=error_type, message=message),
        source=source or Source(),
    )


def json_schema() -> str:
    """The JSON Schema of one output line, generated from :class:`AnnotationRecord`."""
    return json.dumps(AnnotationRecord.model_json_schema(), indent=2, ensure_ascii=False)
