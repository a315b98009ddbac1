"""Reading inputs and writing JSONL output.

Inputs are streamed: a directory is walked in sorted path order, a JSONL file is read
line by line, and nothing is held in memory beyond the current document. A document
that cannot be read becomes an :class:`InputDocument` with ``error`` set, so it still
gets exactly one (error) line in the output.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .schema import AnnotationRecord, Source

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


@dataclass
class InputDocument:
    """One document to annotate. ``text`` None plus ``error`` means it could not be read."""

    doc_id: str
    text: str | None
    source: Source
    error: tuple[str, str] | None = None  # (type, message)


class InputError(ValueError):
    """An input path that does not exist or is of an unknown kind."""


def _has_suffix(path: Path, suffixes: Iterable[str]) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in suffixes)


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    id_field: str = "id",
    text_field: str = "text",
    stdin: IO[bytes] | None = None,
) -> Iterator[InputDocument]:
    """Every document of every input, in order: files, directories, JSONL, ``-`` (stdin)."""
    for item in inputs:
        if str(item) == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, id_field=id_field, text_field=text_field)
            continue
        for path, doc_id in input_files(item):
            yield from read_file(path, doc_id, id_field=id_field, text_field=text_field)


def input_files(item: str | Path) -> Iterator[tuple[Path, str]]:
    """(path, doc_id) of every file one input names, in reading order (not stdin).

    ``doc_id`` is the id of a .txt/.md/.html document: the file name, or the path relative
    to the directory. The other engines plan their partitions from this same walk.
    """
    path = check_input(item)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _has_suffix(p, TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES))
        for file in files:
            yield file, file.relative_to(path).as_posix()
    else:
        yield path, path.name


def check_input(item: str | Path) -> Path:
    """The input's path; :class:`InputError` when it is neither a file nor a directory."""
    path = Path(item)
    if not (path.is_dir() or path.is_file()):
        raise InputError(f"Input {str(path)!r} does not exist. Give a .txt/.md/.html/.jsonl/.jsonl.gz file, a directory, or '-' for stdin.")
    return path


def is_jsonl(path: Path) -> bool:
    """A file of one JSON object per line (.jsonl, .jsonl.gz, .ndjson)."""
    return _has_suffix(path, JSONL_SUFFIXES)


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def read_file(path: Path, doc_id: str, *, id_field: str, text_field: str, name: str | None = None) -> Iterator[InputDocument]:
    """The documents of one file. ``name`` (default ``str(path)``) is what ``source.path``
    says, so a worker that opens an absolute path still reports the path the user gave."""
    name = str(path) if name is None else name
    if is_jsonl(path):
        opener = gzip.open if is_gzip(path) else open
        with opener(path, "rb") as handle:
            yield from read_jsonl(handle, name, id_field=id_field, text_field=text_field)
        return
    source = Source(path=name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputDocument(doc_id, None, source, ("ReadError", str(exc)))
        return
    if _has_suffix(path, HTML_SUFFIXES):
        yield html_document(doc_id, data, source)
        return
    yield decoded_document(doc_id, data, source)


def html_document(doc_id: str, data: bytes, source: Source) -> InputDocument:
    """The article text of an HTML page, extracted by trafilatura as markdown (headings,
    lists and tables kept for the structure stage; navigation, footers and comments
    dropped). When trafilatura finds no article, the page's visible text is used. The
    page's own metadata date goes into ``source.date``."""
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False,
                               include_links=False, include_images=False, favor_recall=True)
    if not text:
        text = _visible_text(html)
    date = None
    metadata = trafilatura.extract_metadata(html, date_config={"extensive_search": False, "original_date": True})
    if metadata is not None and metadata.date:
        date = metadata.date
    return InputDocument(doc_id, text, source.model_copy(update={"date": date}))


def _visible_text(html: str) -> str:
    """Tag stripping with the standard library: text outside script/style, one line per block."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style", "noscript")
            if tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style", "noscript") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    return "\n".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())


def decoded_document(doc_id: str, data: bytes, source: Source) -> InputDocument:
    """A plain-text document from its bytes (an error document when they are not UTF-8)."""
    try:
        return InputDocument(doc_id, data.decode("utf-8-sig"), source)
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 at byte {exc.start}: {data[exc.start:exc.start + 8]!r}; re-encode the file as UTF-8"
        return InputDocument(doc_id, None, source, ("DecodeError", message))


def read_jsonl(handle: Iterable[bytes], name: str, *, id_field: str, text_field: str, first_line: int = 1) -> Iterator[InputDocument]:
    """One document per non-blank line; ``first_line`` numbers a slice of a file."""
    for line_no, raw in enumerate(handle, start=first_line):
        if is_document_line(raw):
            yield jsonl_document(raw, line_no, name, id_field=id_field, text_field=text_field)


def is_document_line(raw: bytes) -> bool:
    """Whether a JSONL line is a document (blank lines are skipped, everything else is one)."""
    return bool(raw.strip())


def jsonl_document(raw: bytes, line_no: int, name: str, *, id_field: str, text_field: str) -> InputDocument:
    """The document of one non-blank JSONL line (an error document when it is not a record)."""
    fallback_id = f"{Path(name).name}:{line_no}"
    source = Source(path=name, line=line_no)
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputDocument(fallback_id, None, source, ("DecodeError", f"line is not valid UTF-8 at byte {exc.start}"))
    except json.JSONDecodeError as exc:
        return InputDocument(fallback_id, None, source, ("InvalidJSON", f"line {line_no} is not JSON: {exc.msg} at column {exc.colno}"))
    if not isinstance(obj, dict):
        return InputDocument(fallback_id, None, source, ("InvalidRecord", f"line {line_no} is a JSON {type(obj).__name__}, not an object"))
    doc_id = str(obj.get(id_field) if obj.get(id_field) is not None else fallback_id)
    source = Source(path=name, line=line_no, url=_str_or_none(obj.get("url")), date=_str_or_none(obj.get("date")))
    text = obj.get(text_field)
    if not isinstance(text, str):
        what = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return InputDocument(doc_id, None, source, ("MissingText", f"field {text_field!r} is {what}"))
    return InputDocument(doc_id, text, source)


def _str_or_none(value) -> str | None:
    return None if value is None else str(value)


def sniff_stdin(stream: IO[bytes]) -> tuple[IO[bytes], bool]:
    """The stream, buffered, and whether it is JSONL (its first non-blank character is ``{``)."""
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    return buffered, buffered.peek(4096)[:4096].lstrip().startswith(b"{")


def _read_stdin(stream: IO[bytes], *, id_field: str, text_field: str) -> Iterator[InputDocument]:
    """JSONL when the first non-blank character is ``{``, else one plain-text document."""
    buffered, jsonl = sniff_stdin(stream)
    if jsonl:
        yield from read_jsonl(buffered, "<stdin>", id_field=id_field, text_field=text_field)
    else:
        yield decoded_document("stdin", buffered.read(), Source(path="<stdin>"))


def write_record(handle: IO[str], record: AnnotationRecord) -> None:
    """One JSON line, flushed, so a crash never leaves more than a partial last line."""
    handle.write(record.model_dump_json() + "\n")
    handle.flush()
