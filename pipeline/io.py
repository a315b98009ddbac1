"""Reading inputs and writing JSONL output.

Inputs are streamed: a directory is walked in sorted path order, a JSONL file is read
line by line, and nothing is held in memory beyond the current document. A document
that cannot be read becomes an :class:`InputDocument` with ``error`` set, so it still
gets exactly one (error) line in the output.
"""

from __future__ import annotations

import glob
import gzip
import io
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .clean.html import page_authors, page_text, unwrap_layout_tables
from .schema import AnnotationRecord, Source

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
# A JSONL line or a text/HTML file larger than this is refused (an error record) without
# being read into memory; a 50 MB article still fits, a runaway 100 MB line does not.
MAX_INPUT_BYTES = 64 * 1024 * 1024
_SKIP_CHUNK = 1 << 20  # bytes read at a time while skipping an oversized line


@dataclass
class InputDocument:
    """One document to annotate. ``text`` None plus ``error`` means it could not be read."""

    doc_id: str
    text: str | None
    source: Source
    error: tuple[str, str] | None = None  # (type, message)
    # Made by a reader that keeps no other reference to ``text``: the annotator takes the
    # text out (``text`` becomes None) so that a long document is not held twice.
    owned: bool = False


class InputError(ValueError):
    """An input path that does not exist or is of an unknown kind."""


@dataclass(frozen=True)
class BadLine:
    """A JSONL line that was not read: larger than the limit, or the stream broke before it.

    Stands in for the line's bytes, so the line still gets its one (error) record; the
    Dask planner sends it to a worker instead of the bytes.
    """

    error_type: str
    message: str


def read_lines(handle, *, max_bytes: int | None = None, size: int | None = None) -> Iterator[tuple[bytes | BadLine, int]]:
    """(line or :class:`BadLine`, bytes it takes in the file) for each line of a binary stream.

    Memory stays bounded: a line over ``max_bytes`` is skipped in 1 MB reads and reported,
    never held whole. ``size`` stops after that many bytes (a byte range of a file). A
    truncated or corrupt gzip stream ends with one :class:`BadLine` after the good lines.
    """
    max_bytes = MAX_INPUT_BYTES if max_bytes is None else max_bytes
    remaining = size
    try:
        while remaining is None or remaining > 0:
            raw = handle.readline(max_bytes + 1 if remaining is None else min(max_bytes + 1, remaining))
            if not raw:
                return
            length = len(raw)
            if raw.endswith(b"\n") or length <= max_bytes:
                yield raw, length
            else:
                while not raw.endswith(b"\n") and (remaining is None or length < remaining):
                    raw = handle.readline(_SKIP_CHUNK if remaining is None else min(_SKIP_CHUNK, remaining - length))
                    if not raw:
                        break
                    length += len(raw)
                yield BadLine("TooLarge", f"the line has {length:,} bytes, over the limit of {max_bytes:,}; it was not read"), length
            if remaining is not None:
                remaining -= length
    except EOFError as exc:
        yield BadLine("TruncatedInput", f"the compressed file ends early ({exc}); the lines before this one were read"), 0
    except (OSError, zlib.error) as exc:
        yield BadLine("ReadError", f"the file cannot be read from here on: {type(exc).__name__}: {exc}"), 0


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
    if _is_glob(item):
        for match in expand_glob(item):
            yield from input_files(match)
        return
    path = check_input(item)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _has_suffix(p, TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES))
        for file in files:
            yield file, file.relative_to(path).as_posix()
    else:
        yield path, path.name


def _is_glob(item: str | Path) -> bool:
    """A quoted pattern such as ``'dumps/*.jsonl'`` (a path that exists is never a pattern)."""
    return glob.has_magic(str(item)) and not Path(item).exists()


def expand_glob(item: str | Path) -> list[Path]:
    """The files and directories a pattern matches, sorted; :class:`InputError` for none."""
    matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True))
    if not matches:
        raise InputError(f"The pattern {str(item)!r} matches no file or directory.")
    return matches


def check_input(item: str | Path) -> Path:
    """The input's path; :class:`InputError` when it is neither a file nor a directory."""
    if _is_glob(item):
        expand_glob(item)
        return Path(item)
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
        try:
            handle = gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")
        except OSError as exc:
            yield jsonl_document(BadLine("ReadError", f"the file cannot be opened: {exc}"), 1, name, id_field=id_field, text_field=text_field)
            return
        with handle:
            yield from read_jsonl(handle, name, id_field=id_field, text_field=text_field)
        return
    source = Source(path=name)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            yield InputDocument(doc_id, None, source, ("TooLarge", f"the file has {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,}; it was not read"))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputDocument(doc_id, None, source, ("ReadError", str(exc)))
        return
    # The bytes go before the document is handed on: a generator's locals live while the
    # consumer works on what it yielded, and a 50 MB file would be held twice.
    held = [html_document(doc_id, data, source) if _has_suffix(path, HTML_SUFFIXES) else decoded_document(doc_id, data, source)]
    del data
    yield held.pop()  # not kept here either: the annotator may drop the text once it is cleaned


# Above this size a page is not parsed into a tree (trafilatura's lxml tree of a 20 MB
# page alone takes hundreds of MB): its visible text is read by a streaming parser and its
# metadata from the head. Such pages are machine-made dumps, not articles with furniture.
HTML_TREE_MAX_BYTES = 8 * 1024 * 1024
_HTML_CHUNK = 1 << 20
_HTML_HEAD_BYTES = 1 << 20


def html_document(doc_id: str, data: bytes, source: Source) -> InputDocument:
    """The article text of an HTML page, extracted by trafilatura as markdown (headings,
    lists and tables kept for the structure stage; navigation, footers and comments
    dropped). When trafilatura finds no article, the page's visible text is used. The
    page's own metadata date goes into ``source.date``. A page over
    ``HTML_TREE_MAX_BYTES`` gives its visible text, read in bounded memory."""
    import trafilatura

    if len(data) > HTML_TREE_MAX_BYTES:
        head = data[:_HTML_HEAD_BYTES].decode("utf-8", errors="replace")
        head = head[: head.lower().find("</head>") + 7] if "</head>" in head.lower() else head
        metadata = trafilatura.extract_metadata(head, date_config={"extensive_search": False, "original_date": True})
        text = _visible_text_of_bytes(data)
    else:
        html = unwrap_layout_tables(data.decode("utf-8", errors="replace"))
        text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False,
                                   include_links=False, include_images=False, favor_recall=True)
        if not text:
            text = _visible_text(html)
        metadata = trafilatura.extract_metadata(html, date_config={"extensive_search": False, "original_date": True})
        del html
    update = {"date": metadata.date if metadata is not None and metadata.date else None}
    text = page_text(text, metadata)  # headline on top, embed code out (pipeline/clean/html.py)
    if metadata is not None:
        update["authors"] = page_authors(metadata.author, metadata.sitename)
    return InputDocument(doc_id, text, source.model_copy(update=update), owned=True)


_BLOCK_TAGS = frozenset(("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
                         "article", "header", "footer", "blockquote", "table", "ul", "ol", "figcaption"))
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "title"))  # the title comes from the metadata


class _VisibleText:
    """A streaming tag stripper: text outside script/style, one line per block element,
    kept as finished lines (no copy of the whole page is built until the end)."""

    def __init__(self) -> None:
        from html.parser import HTMLParser

        owner = self

        class _Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                owner.start(tag)

            def handle_endtag(self, tag):
                owner.end(tag)

            def handle_data(self, data):
                owner.data(data)

        self.parser = _Parser(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def start(self, tag: str) -> None:
        self.skip += tag in _SKIPPED_TAGS
        if tag in _BLOCK_TAGS:
            self.flush()

    def end(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self.skip > 0:
            self.skip -= 1
        if tag in _BLOCK_TAGS:
            self.flush()

    def data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        if self.current:
            for line in "".join(self.current).splitlines():
                line = " ".join(line.split())
                if line:
                    self.lines.append(line)
            self.current = []

    def feed(self, chunk: str) -> None:
        self.parser.feed(chunk)

    def text(self) -> str:
        self.parser.close()
        self.flush()
        return "\n".join(self.lines)


def _visible_text(html: str) -> str:
    """Tag stripping with the standard library: text outside script/style, one line per block."""
    return _strip_tags(html[i : i + _HTML_CHUNK] for i in range(0, len(html), _HTML_CHUNK))


def _visible_text_of_bytes(data: bytes) -> str:
    """:func:`_visible_text` of UTF-8 bytes, decoded a chunk at a time (invalid bytes replaced)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    chunks = (decoder.decode(data[i : i + _HTML_CHUNK]) for i in range(0, len(data), _HTML_CHUNK))
    return _strip_tags(itertools.chain(chunks, [decoder.decode(b"", final=True)]))


def _strip_tags(chunks: Iterable[str]) -> str:
    reader = _VisibleText()
    for chunk in chunks:
        reader.feed(chunk)
    return reader.text()


def decoded_document(doc_id: str, data: bytes, source: Source) -> InputDocument:
    """A plain-text document from its bytes (an error document when they are not UTF-8)."""
    try:
        return InputDocument(doc_id, data.decode("utf-8-sig"), source, owned=True)
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 at byte {exc.start}: {data[exc.start:exc.start + 8]!r}; re-encode the file as UTF-8"
        return InputDocument(doc_id, None, source, ("DecodeError", message))


def read_jsonl(handle: IO[bytes], name: str, *, id_field: str, text_field: str, first_line: int = 1,
               size: int | None = None) -> Iterator[InputDocument]:
    """One document per non-blank line; ``first_line`` numbers a slice of a file, ``size``
    bounds it (bytes from the handle's position)."""
    for line_no, (raw, _) in enumerate(read_lines(handle, size=size), start=first_line):
        if is_document_line(raw):
            held = [jsonl_document(raw, line_no, name, id_field=id_field, text_field=text_field)]
            del raw  # the line's bytes are not kept while the document is annotated
            yield held.pop()


def is_document_line(raw: bytes | BadLine) -> bool:
    """Whether a JSONL line is a document (blank lines are skipped, everything else is one)."""
    return isinstance(raw, BadLine) or bool(raw.strip())


def jsonl_document(raw: bytes | BadLine, line_no: int, name: str, *, id_field: str, text_field: str) -> InputDocument:
    """The document of one non-blank JSONL line (an error document when it is not a record)."""
    fallback_id = f"{Path(name).name}:{line_no}"
    source = Source(path=name, line=line_no)
    if isinstance(raw, BadLine):
        return InputDocument(fallback_id, None, source, (raw.error_type, f"line {line_no}: {raw.message}"))
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
    return InputDocument(doc_id, text, source, owned=True)


def limit_length(documents: Iterable[InputDocument], max_chars: int | None) -> Iterator[InputDocument]:
    """The documents, with each text longer than ``max_chars`` (``--max-chars``) replaced
    by a ``TooLong`` error that gives the limit and the length: never annotated."""
    for doc in documents:
        if max_chars is not None and doc.text is not None and len(doc.text) > max_chars:
            message = f"the text has {len(doc.text):,} characters, over the limit of {max_chars:,} (--max-chars); it was not annotated"
            doc = InputDocument(doc.doc_id, None, doc.source, ("TooLong", message))
        yield doc


def check_output(inputs: Iterable[str | Path], output: str | Path, shard_size: int | None = None) -> None:
    """:class:`InputError` before a run starts when ``output`` (or, with ``shard_size``, one of
    its shards) would overwrite or be read as one of the inputs, is a directory, or is in a
    directory that cannot be written."""
    output = Path(output)
    if output.is_dir():
        raise InputError(f"The output {str(output)!r} is a directory; give a file name such as {str(output / 'out.jsonl')!r}.")
    target = output.resolve()
    for item in inputs:
        if str(item) == "-":
            continue
        for path in expand_glob(item) if _is_glob(item) else [Path(item)]:
            source = path.resolve()
            if source == target or (shard_size and _is_shard_of(source, target)):
                raise InputError(f"The output {str(output)!r} is also an input: it would be overwritten. Write it elsewhere.")
            if source.is_dir() and source in target.parents:
                raise InputError(f"The output {str(output)!r} is inside the input directory {str(path)!r}, "
                                 "whose files are all read: write it outside that directory.")
    parent = next((p for p in [target.parent, *target.parent.parents] if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"Cannot write the output {str(output)!r}: {str(parent or target.parent)!r} is not a writable directory.")


def _is_shard_of(path: Path, output: Path) -> bool:
    """Whether ``path`` is named as one of the shards of ``output`` (``OUT-00000.jsonl.gz``)."""
    stem = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return path.parent == output.parent and re.fullmatch(re.escape(stem) + r"-\d{5,}\.jsonl\.gz", path.name) is not None


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
        yield stream_document("stdin", read_bounded(buffered), Source(path="<stdin>"))


def read_bounded(stream: IO[bytes]) -> bytes | BadLine:
    """All of a stream, or a :class:`BadLine` (``TooLarge``) when it is over the limit: what is
    past the limit is counted in 1 MB reads, never held."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) <= MAX_INPUT_BYTES:
        return data
    size = len(data)
    del data
    while chunk := stream.read(_SKIP_CHUNK):
        size += len(chunk)
    return BadLine("TooLarge", f"the text has {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,}; it was not read")


def stream_document(doc_id: str, data: bytes | BadLine, source: Source) -> InputDocument:
    """A plain-text document from :func:`read_bounded`'s result."""
    if isinstance(data, BadLine):
        return InputDocument(doc_id, None, source, (data.error_type, data.message))
    return decoded_document(doc_id, data, source)


def write_record(handle: IO[str], record: AnnotationRecord) -> None:
    """One JSON line, flushed, so a crash never leaves more than a partial last line."""
    handle.write(record.model_dump_json() + "\n")
    handle.flush()
