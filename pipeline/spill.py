"""Records too large to hold: a long document's record written to a temporary file as it is built.

A 50 MB document has hundreds of thousands of entities; holding them as objects, then as
one JSON string, then as its copy sent to the parent process, costs more than the whole
spaCy model. In a batch run the merged record of a long document is written instead, item
by item, to a private temporary file (``tempfile``, mode 0600, removed once copied into
the output), and what travels between processes is a :class:`SpilledRecord`: the file's
path plus the few fields the batch needs (id, source, word count). The line written is
byte-for-byte the ``model_dump_json()`` of the same record built in memory.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from collections.abc import Iterable
from typing import IO, Any

from pydantic_core import to_json

from .schema import AnnotationRecord, Cleaning, Source

# The record's fields in the order pydantic writes them, split where the spilled body starts.
HEAD_FIELDS = ("schema_version", "doc_id", "status", "error", "source")
TEXT_CHUNK = 1 << 20  # characters of text escaped at a time
COPY_CHUNK = 1 << 20  # characters copied at a time into the output


def head_json(doc_id: str, source: Source) -> str:
    """``{"schema_version":...,"doc_id":...,"status":"ok","error":null,"source":{...}`` (no closing brace)."""
    head = AnnotationRecord(doc_id=doc_id, source=source).model_dump_json(include=set(HEAD_FIELDS))
    return head[:-1]


def field_json(name: str, value: Any) -> str:
    """``,"name":<value as the record writes it>`` for one scalar or small field."""
    return "," + AnnotationRecord.model_construct(**{name: value}).model_dump_json(include={name})[1:-1]


class BodyWriter:
    """Writes the fields after ``source`` to a temporary file: scalar fields at once, the
    text in escaped chunks, list fields item by item (each list field from its own
    anonymous temporary file, so items can arrive in any field order)."""

    LIST_FIELDS = ("blocks", "entities", "actors", "topics", "positions", "claims", "events")

    def __init__(self) -> None:
        self._lists: dict[str, IO[bytes]] = {}
        self._counts: dict[str, int] = {}

    def add(self, name: str, item) -> None:
        """Append one item (a pydantic model) to the list field ``name``."""
        self.add_parts(name, (item.__pydantic_serializer__.to_json(item),))

    def add_parts(self, name: str, parts: Iterable[bytes]) -> None:
        """Append one item given as its JSON in parts (a table block written row by row)."""
        handle = self._lists.get(name)
        if handle is None:
            handle = self._lists[name] = tempfile.TemporaryFile(prefix="newsclaims-")
            self._counts[name] = 0
        if self._counts[name]:
            handle.write(b",")
        for part in parts:
            handle.write(part)
        self._counts[name] += 1

    def finish(self, title: str | None, text: str, cleaning: Cleaning) -> str:
        """Write the body (``,"title":...,"text":...,...}``) to a named temporary file; its path."""
        fd, path = tempfile.mkstemp(prefix="newsclaims-record-", suffix=".json-part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(field_json("title", title).encode("utf-8"))
                out.write(b',"text":"')
                for i in range(0, len(text), TEXT_CHUNK):
                    out.write(to_json(text[i:i + TEXT_CHUNK])[1:-1])
                out.write(b'"')
                out.write(field_json("cleaning", cleaning).encode("utf-8"))
                for name in self.LIST_FIELDS:
                    out.write(f',"{name}":['.encode("ascii"))
                    handle = self._lists.get(name)
                    if handle is not None:
                        handle.seek(0)
                        while chunk := handle.read(COPY_CHUNK):
                            out.write(chunk)
                    out.write(b"]")
                out.write(b"}")
        except BaseException:
            os.unlink(path)
            raise
        finally:
            self.close()
        return path

    def close(self) -> None:
        for handle in self._lists.values():
            handle.close()
        self._lists.clear()


@dataclass
class SpilledRecord:
    """A finished record whose JSON body is in a temporary file (see the module doc)."""

    doc_id: str
    source: Source
    path: str
    words: int
    status: str = "ok"
    error: None = None

    def renamed(self, doc_id: str) -> "SpilledRecord":
        """The same record under another id, the given id kept in ``source.id`` (duplicate ids)."""
        return SpilledRecord(doc_id, self.source.model_copy(update={"id": self.doc_id}), self.path, self.words)

    def write_to(self, handle: IO[str]) -> None:
        """Write the JSON line (without the newline) to ``handle``, a text file."""
        handle.write(head_json(self.doc_id, self.source))
        with open(self.path, encoding="utf-8") as body:
            while chunk := body.read(COPY_CHUNK):
                handle.write(chunk)

    def line(self) -> str:
        """The whole JSON line as a string (for engines that need one: it is as large as the record)."""
        with open(self.path, encoding="utf-8") as body:
            return head_json(self.doc_id, self.source) + body.read()

    def to_record(self) -> AnnotationRecord:
        return AnnotationRecord.model_validate_json(self.line())

    def discard(self) -> None:
        """Remove the temporary file (after it was copied into the output)."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
