"""newsclaims JSONL output -> pandas DataFrames, one per kind of annotation.

:func:`load_annotations` streams one or more output files (``.jsonl``, ``.jsonl.gz``,
a glob such as ``out/run-*.jsonl.gz``, or a directory of them) line by line with
``json.loads``, turns each record into row tuples, and converts them to compact
columns every :data:`CHUNK_DOCUMENTS` documents. No pydantic validation per line
unless ``validate=True`` (about a third slower). The columns and their order are
fixed (:data:`COLUMNS`), so an empty frame has the same columns as a full one.

Memory: names, labels, ids, rules and ``doc_id`` in the child frames are
categoricals (a few distinct values repeated millions of times); the cleaned text is
not kept unless ``text=True`` (it is most of the bytes of a dump);
:meth:`Annotations.record` reads one document back from its file when needed.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

ANNOTATION_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

# The cleaning flags the pipeline sets (README, "Output format"); each gets a boolean
# ``flag_<name>`` column in ``documents``. Other flags still appear in ``flags``.
FLAGS = ("mojibake", "llm_chat_artifact", "duplicate_content", "truncated", "code_fence", "empty")

_COUNTED = ("blocks", "entities", "actors", "topics", "positions", "claims", "events")

# frame -> ((column, dtype), ...). dtype "category" / "str" / "int32" / "Int32" (nullable)
# / "bool" / "datetime" / "object" (tuples of str). Documented in :class:`Annotations`.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "category"), ("status", "category"), ("title", "str"),
        ("source_path", "category"), ("source_line", "Int32"), ("source_url", "str"), ("source_date", "str"),
        ("date", "datetime"), ("flags", "category"),
        *((f"flag_{flag}", "bool") for flag in FLAGS),
        ("n_fixes", "int32"), ("n_chars", "int32"), ("n_words", "int32"),
        *((f"n_{name}", "int32") for name in _COUNTED),
        ("error_type", "category"), ("annotation_file", "category"), ("annotation_line", "int32"),
    ),
    "entities": (
        ("doc_id", "category"), ("start", "int32"), ("end", "int32"), ("block", "Int32"), ("text", "str"),
        ("label", "category"), ("canonical", "category"), ("kb_id", "category"), ("country", "category"),
    ),
    "actors": (
        ("doc_id", "category"), ("start", "Int32"), ("end", "Int32"), ("canonical", "category"), ("kb_id", "category"),
        ("label", "category"), ("role", "category"), ("country", "category"), ("mentions", "int32"),
    ),
    "topics": (
        ("doc_id", "category"), ("start", "int32"), ("end", "int32"), ("block", "Int32"), ("label", "str"),
        ("category", "category"), ("focus", "str"), ("outcome", "str"), ("method", "category"), ("rule", "category"),
    ),
    "positions": (
        ("doc_id", "category"), ("start", "int32"), ("end", "int32"), ("block", "Int32"), ("actor", "category"),
        ("actor_kb_id", "category"), ("actor_label", "category"), ("topic", "category"), ("category", "category"),
        ("stance", "str"), ("method", "category"), ("rule", "category"),
    ),
    "claims": (
        ("doc_id", "category"), ("start", "int32"), ("end", "int32"), ("block", "Int32"), ("text", "str"),
        ("speaker", "category"), ("speaker_canonical", "object"), ("speaker_type", "category"), ("cue", "category"),
        ("hedged", "bool"),
    ),
    "events": (
        ("doc_id", "category"), ("start", "int32"), ("end", "int32"), ("block", "Int32"), ("type", "category"),
        ("participants", "object"), ("location", "category"), ("country", "category"), ("occasion", "str"),
        ("time", "str"), ("rule", "category"),
    ),
    "errors": (
        ("doc_id", "str"), ("error_type", "category"), ("message", "str"), ("source_path", "category"),
        ("source_line", "Int32"), ("annotation_file", "category"), ("annotation_line", "int32"),
    ),
}

FRAMES = tuple(COLUMNS)


class AnalysisError(ValueError):
    """Annotations that cannot be found or read (the message says how to fix it)."""


@dataclass(repr=False)
class Annotations:
    """The annotations of a newsclaims run as pandas DataFrames (from :func:`load_annotations`).

    Every row carries ``doc_id`` (a categorical shared by all frames, so merges on it
    are cheap) and the half-open character offsets ``start``/``end`` into the
    document's cleaned ``text``; ``block`` is the id of the block the span lies in.
    Rows are in file order, then in the order of the record's lists. String columns
    are missing values (``NaN``/``None``) where the record has ``null``.

    ``documents`` -- one row per output line (annotated documents and error records):
        doc_id, status ("ok"/"error"), title, source_path, source_line, source_url,
        source_date (as written), date (``source_date`` parsed, timezone-naive UTC,
        NaT when absent or unparseable), flags (the cleaning flags, sorted and
        comma-joined, "" when none), flag_mojibake, flag_llm_chat_artifact,
        flag_duplicate_content, flag_truncated, flag_code_fence, flag_empty (bool),
        n_fixes (repairs made by cleaning), n_chars and n_words (cleaned text),
        n_blocks, n_entities, n_actors, n_topics, n_positions, n_claims, n_events,
        error_type (error records only), annotation_file and annotation_line (where
        the record is: :meth:`record` reads it back). ``text`` is added as the last
        column when loaded with ``text=True``.
    ``entities`` -- one row per entity mention:
        doc_id, start, end, block, text (as written), label (PERSON, COUNTRY, PLACE,
        ORG, NORP), canonical, kb_id, country.
    ``actors`` -- one row per distinct linked entity of a document:
        doc_id, start, end (the first mention with the same canonical name and label;
        <NA> if none), canonical, kb_id, label, role, country, mentions.
    ``topics`` -- one row per topic; start/end/block are its evidence:
        doc_id, start, end, block, label, category, focus, outcome, method, rule.
    ``positions`` -- one row per (actor, stance); start/end/block are its evidence:
        doc_id, start, end, block, actor, actor_kb_id, actor_label (the label of the
        document's actor with that name: PERSON, COUNTRY, ...; <NA> if it is not an
        actor), topic, category, stance, method, rule.
    ``claims`` -- one row per attributed claim; start/end is the claim text:
        doc_id, start, end, block, text, speaker (as written), speaker_canonical
        (tuple of canonical names), speaker_type (person, group, organization,
        country, unattributed), cue, hedged.
    ``events`` -- one row per event; start/end/block are its evidence:
        doc_id, start, end, block, type, participants (tuple of canonical names),
        location, country, occasion, time, rule.
    ``errors`` -- one row per error record or unreadable line (these have no rows
    in the other frames except ``documents``, which lists error records too):
        doc_id (None for a line that is not a record), error_type (the record's
        ``error.type``, or InvalidJSON / InvalidRecord / ValidationError from loading),
        message, source_path, source_line, annotation_file, annotation_line.
    """

    documents: pd.DataFrame
    entities: pd.DataFrame
    actors: pd.DataFrame
    topics: pd.DataFrame
    positions: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    errors: pd.DataFrame
    paths: tuple[Path, ...] = field(default=())

    def frames(self) -> dict[str, pd.DataFrame]:
        """``{name: frame}`` for every frame, in :data:`FRAMES` order."""
        return {name: getattr(self, name) for name in FRAMES}

    def memory_usage(self) -> int:
        """Bytes held by all frames (deep: string contents included)."""
        return int(sum(frame.memory_usage(deep=True).sum() for frame in self.frames().values()))

    def record(self, doc_id: str) -> dict[str, Any]:
        """The full output record (a dict) of ``doc_id``, read back from its file."""
        docs = self.documents
        rows = docs.index[docs["doc_id"] == doc_id]
        if len(rows) == 0:
            raise AnalysisError(
                f"[analysis.E003] no document {doc_id!r} in these annotations; "
                f"the first ids are {list(docs['doc_id'].head(3).astype(str))}."
            )
        row = docs.loc[rows[0]]
        wanted = int(row["annotation_line"])
        for line_no, raw in _numbered_lines(Path(str(row["annotation_file"]))):
            if line_no == wanted:
                return json.loads(raw)
        raise AnalysisError(f"[analysis.E004] {row['annotation_file']} changed since it was loaded; load it again.")

    def show(self, doc_id: str, **options):
        """Render one document (see :func:`pipeline.analysis.show`)."""
        from .views import show

        return show(self.record(doc_id), **options)

    def summarize(self, **options):
        """Cross-document aggregates (see :func:`pipeline.analysis.summarize`)."""
        from .summary import summarize

        return summarize(self, **options)

    def export(self, out_dir: str | Path, format: str = "parquet") -> list[Path]:
        """Write one file per frame (see :func:`pipeline.analysis.export`)."""
        from .exports import export

        return export(self, out_dir, format=format)

    def __repr__(self) -> str:
        docs = self.documents
        ok = int((docs["status"] == "ok").sum())
        counts = ", ".join(f"{len(getattr(self, name))} {name}" for name in FRAMES[1:-1])
        where = ", ".join(str(p) for p in self.paths[:3]) + (f" (+{len(self.paths) - 3} files)" if len(self.paths) > 3 else "")
        return (f"Annotations({len(docs)} documents ({ok} ok, {len(docs) - ok} error records), {counts}, "
                f"{len(self.errors)} errors; from {where or 'nowhere'})")


# --- finding and reading files -----------------------------------------------------------


def annotation_files(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """The files behind a path, a glob (``out/run-*.jsonl.gz``), a directory, or a list of these.

    A glob and a directory give their ``.jsonl``/``.jsonl.gz`` files in sorted order
    (so the shards of one run come back in order).
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise AnalysisError("[analysis.E001] no annotation file given; pass a .jsonl/.jsonl.gz file, a glob or a directory.")
    files: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if any(ch in text for ch in "*?["):
            import glob

            matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise AnalysisError(f"[analysis.E001] no file matches {text!r}; check the pattern (quote it in a shell).")
            files += matches
        elif Path(text).is_dir():
            matches = sorted(p for p in Path(text).rglob("*") if p.is_file() and p.name.lower().endswith(ANNOTATION_SUFFIXES))
            if not matches:
                raise AnalysisError(f"[analysis.E001] {text!r} holds no .jsonl or .jsonl.gz file.")
            files += matches
        elif Path(text).is_file():
            files.append(Path(text))
        else:
            raise AnalysisError(
                f"[analysis.E001] {text!r} does not exist; pass the output of `newsclaims annotate` "
                "(a .jsonl/.jsonl.gz file, a glob such as 'out/run-*.jsonl.gz', or a directory)."
            )
    return files


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from enumerate(handle, start=1)
    except (OSError, EOFError) as exc:  # a damaged gzip shard: keep what was read
        raise AnalysisError(f"[analysis.E002] cannot read {path}: {exc}. Repair or remove the file.") from exc


def iter_records(paths, *, validate: bool = False) -> Iterator[tuple[Path, int, dict[str, Any] | None, tuple[str, str] | None]]:
    """``(file, line number, record or None, (error type, message) or None)`` per non-blank line.

    A line that is not a JSON object, or (with ``validate``) not a valid
    :class:`~pipeline.schema.AnnotationRecord`, comes with ``record`` None and the error.
    """
    validator = None
    if validate:
        from pydantic import ValidationError

        from ..schema import AnnotationRecord

        validator = AnnotationRecord.model_validate
    for path in annotation_files(paths):
        for line_no, raw in _numbered_lines(path):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
                yield path, line_no, None, ("InvalidJSON", f"line {line_no} of {path} is not JSON: {exc}")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
                yield path, line_no, None, ("InvalidRecord", f"line {line_no} of {path} is not an annotation record (no doc_id)")
                continue
            if validator is not None:
                try:
                    validator(record)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"])
                    yield path, line_no, record, ("ValidationError", f"{where}: {first['msg']} ({exc.error_count()} problem(s))")
                    continue
            yield path, line_no, record, None


def find_record(paths, doc_id: str | None = None) -> dict[str, Any]:
    """The first record with ``doc_id`` (or the first annotated record when None), streaming."""
    for _, _, record, problem in iter_records(paths):
        if record is None or problem:
            continue
        if (doc_id is None and record.get("status", "ok") == "ok") or record["doc_id"] == doc_id:
            return record
    what = f"no document {doc_id!r}" if doc_id is not None else "no annotated document"
    raise AnalysisError(f"[analysis.E003] {what} in {paths}; list the ids with load_annotations(...).documents.doc_id.")


# --- building the frames -----------------------------------------------------------------
#
# Rows are collected as tuples (one per annotation, in COLUMNS order) and every
# CHUNK_DOCUMENTS documents converted into compact column chunks: categoricals become
# int32 codes into one growing table per column, strings pyarrow arrays, numbers numpy
# arrays. So the Python objects of at most one chunk are alive at a time, and memory
# grows with the compact frames, not with the JSON.

CHUNK_DOCUMENTS = 1000


class _Frame:
    def __init__(self, name: str):
        self.name = name
        self.spec = COLUMNS[name]
        self.rows: list[tuple] = []
        self.chunks: dict[str, list] = {column: [] for column, _ in self.spec}
        self.tables: dict[str, dict[str, int]] = {column: {} for column, dtype in self.spec if dtype == "category"}

    def flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows))
        self.rows = []
        for (column, dtype), values in zip(self.spec, columns):
            self.chunks[column].append(self._convert(column, dtype, values))

    def _convert(self, column: str, dtype: str, values: tuple):
        if column == "doc_id" and self.name != "errors":
            return np.array(values, dtype=np.int32)  # document index
        if dtype == "category":
            array = np.empty(len(values), dtype=object)
            array[:] = values
            codes, uniques = pd.factorize(array)
            table = self.tables[column]
            mapping = np.array([table.setdefault(u if isinstance(u, str) else str(u), len(table)) for u in uniques] + [-1],
                               dtype=np.int32)
            return mapping[codes]  # code -1 (missing) picks the trailing -1
        if dtype in ("str", "datetime"):
            try:
                return pa.array(values, type=pa.large_string())
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # a number where a string belongs
                return pa.array([None if v is None else str(v) for v in values], type=pa.large_string())
        if dtype == "object":
            return list(values)
        if dtype == "Int32":
            return pd.array(list(values), dtype="Int32")
        return np.array(values, dtype=dtype)

    def frame(self, doc_ids: pd.CategoricalDtype) -> pd.DataFrame:
        self.flush()
        data = {}
        for column, dtype in self.spec:
            chunks = self.chunks[column]
            if column == "doc_id" and self.name != "errors":
                codes = np.concatenate(chunks) if chunks else np.array([], dtype=np.int32)
                data[column] = pd.Categorical.from_codes(codes, dtype=doc_ids)
            elif dtype == "category":
                data[column] = _categorical(chunks, self.tables[column])
            elif dtype == "str":
                data[column] = pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype="str")
            elif dtype == "datetime":
                data[column] = _parse_dates(pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype="str"))
            elif dtype == "object":
                array = np.empty(sum(len(c) for c in chunks), dtype=object)
                i = 0
                for chunk in chunks:  # element by element: numpy would make tuples a 2-D array
                    for value in chunk:
                        array[i] = value
                        i += 1
                data[column] = array
            elif dtype == "Int32":
                data[column] = pd.array(np.concatenate([c.to_numpy(dtype="float64", na_value=np.nan) for c in chunks])
                                        if chunks else [], dtype="Int32")
            else:
                data[column] = np.concatenate(chunks) if chunks else np.array([], dtype=dtype)
        return pd.DataFrame(data)


def _categorical(chunks: list[np.ndarray], table: dict[str, int]) -> pd.Categorical:
    """Codes into first-seen ``table`` -> a categorical with sorted string categories."""
    codes = np.concatenate(chunks) if chunks else np.array([], dtype=np.int32)
    values = np.array(list(table), dtype=object)
    order = np.argsort(values, kind="stable") if len(values) else np.array([], dtype=np.intp)
    rank = np.empty(len(order) + 1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    rank[-1] = -1
    categories = pd.Index(values[order] if len(values) else [], dtype="str")
    return pd.Categorical.from_codes(rank[codes], dtype=pd.CategoricalDtype(categories))


def _parse_dates(raw) -> np.ndarray:
    """ISO 8601 first (fast, the common case), then any other format pandas can read."""
    raw = pd.Series(raw)
    parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601", utc=True)
    rest = parsed.isna() & raw.notna()
    if rest.any():
        parsed[rest] = pd.to_datetime(raw[rest], errors="coerce", format="mixed", utc=True)
    return parsed.dt.tz_convert(None).astype("datetime64[ns]").array


def load_annotations(paths, *, validate: bool = False, text: bool = False) -> Annotations:
    """Load newsclaims output into an :class:`Annotations` of DataFrames (columns documented there).

    ``paths``: a ``.jsonl``/``.jsonl.gz`` file, a glob (``"out/run-*.jsonl.gz"``), a
    directory, or a list of these. Files are streamed line by line; error records and
    lines that are not records go to ``errors`` (error records are also rows of
    ``documents`` with ``status == "error"``). ``validate=True`` checks each line
    against the pydantic schema (slower; failures become ``ValidationError`` rows of
    ``errors``). ``text=True`` keeps the cleaned text as ``documents.text``.
    """
    files = annotation_files(paths)
    frames = {name: _Frame(name) for name in FRAMES}
    doc_ids: dict[str, int] = {}
    texts: list = []
    pending_texts: list[str | None] = []
    in_chunk = 0
    for path, line_no, record, problem in iter_records(files, validate=validate):
        if record is None or problem is not None:
            frames["errors"].rows.append(_error_row(record, problem, path, line_no))
            continue
        doc = doc_ids.setdefault(record["doc_id"], len(doc_ids))
        try:
            rows = _record_rows(doc, record, str(path), line_no)
        except (KeyError, TypeError, AttributeError) as exc:  # a line that is JSON but not a well-formed record
            frames["errors"].rows.append(_error_row(record, ("InvalidRecord", f"line {line_no} of {path}: {exc!r}"), path, line_no))
            continue
        for name, frame_rows in rows.items():
            frames[name].rows.extend(frame_rows)
        if text:
            pending_texts.append(record.get("text"))
        in_chunk += 1
        if in_chunk == CHUNK_DOCUMENTS:
            for frame in frames.values():
                frame.flush()
            if text:
                texts.append(pa.array(pending_texts, type=pa.large_string()))
                pending_texts = []
            in_chunk = 0
    dtype = pd.CategoricalDtype(pd.Index(list(doc_ids), dtype="str"))
    built = {name: frame.frame(dtype) for name, frame in frames.items()}
    if text:
        texts.append(pa.array(pending_texts, type=pa.large_string()))
        built["documents"]["text"] = pd.array(pa.chunked_array(texts, type=pa.large_string()), dtype="str")
    return Annotations(**built, paths=tuple(files))


def _error_row(record, problem, path: Path, line_no: int) -> tuple:
    record = record or {}
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    error_type, message = problem
    return (record.get("doc_id"), error_type, message, source.get("path"), source.get("line"), str(path), line_no)


def _evidence(item: dict) -> tuple:
    evidence = item.get("evidence") or {}
    return evidence.get("start", 0), evidence.get("end", 0), evidence.get("block"), evidence.get("rule")


_ENTITY = itemgetter("start", "end", "block", "text", "label", "canonical", "kb_id", "country")


def _record_rows(doc: int, record: dict[str, Any], path: str, line_no: int) -> dict[str, list[tuple]]:
    """The rows one record adds to each frame, as tuples in :data:`COLUMNS` order."""
    source = record.get("source") or {}
    cleaning = record.get("cleaning") or {}
    flags = sorted(cleaning.get("flags") or ())
    status = record.get("status", "ok")
    error = record.get("error") or {}
    text = record.get("text") or ""
    document = (
        doc, status, record.get("title"), source.get("path"), source.get("line"), source.get("url"), source.get("date"),
        source.get("date"), ",".join(flags), *(flag in flags for flag in FLAGS),
        sum(fix.get("count", 0) for fix in cleaning.get("fixes") or ()), len(text), len(text.split()),
        *(len(record.get(name) or ()) for name in _COUNTED),
        error.get("type") if status != "ok" else None, path, line_no,
    )
    rows: dict[str, list[tuple]] = {"documents": [document]}
    if status != "ok":
        rows["errors"] = [_error_row(record, (error.get("type") or "Error", error.get("message") or ""), Path(path), line_no)]
        return rows

    entities = record.get("entities") or ()
    try:  # fast path: the pipeline writes every key
        rows["entities"] = [(doc,) + _ENTITY(e) for e in entities]
    except KeyError:
        rows["entities"] = [(doc, e["start"], e["end"], e.get("block"), e.get("text"), e.get("label"), e.get("canonical"),
                             e.get("kb_id"), e.get("country")) for e in entities]
    first_mention: dict[tuple, tuple[int, int]] = {}
    for e in entities:
        first_mention.setdefault((e.get("canonical"), e.get("label")), (e["start"], e["end"]))
    actors = record.get("actors") or ()
    actor_labels: dict[str, str] = {}
    for a in actors:
        actor_labels.setdefault(a.get("canonical"), a.get("label"))
    rows["actors"] = [
        (doc, *first_mention.get((a.get("canonical"), a.get("label")), (None, None)), a.get("canonical"), a.get("kb_id"),
         a.get("label"), a.get("role"), a.get("country"), a.get("mentions", 1))
        for a in actors
    ]
    rows["topics"] = []
    for t in record.get("topics") or ():
        start, end, block, rule = _evidence(t)
        rows["topics"].append((doc, start, end, block, t.get("label"), t.get("category"), t.get("focus"), t.get("outcome"),
                               t.get("method"), rule))
    rows["positions"] = []
    for p in record.get("positions") or ():
        start, end, block, rule = _evidence(p)
        rows["positions"].append((doc, start, end, block, p.get("actor"), p.get("actor_kb_id"), actor_labels.get(p.get("actor")),
                                  p.get("topic"), p.get("category"), p.get("stance"), p.get("method"), rule))
    rows["claims"] = [
        (doc, c["start"], c["end"], c.get("block"), c.get("text"), c.get("speaker"), tuple(c.get("speaker_canonical") or ()),
         c.get("speaker_type"), c.get("cue"), bool(c.get("hedged")))
        for c in record.get("claims") or ()
    ]
    rows["events"] = []
    for v in record.get("events") or ():
        start, end, block, rule = _evidence(v)
        rows["events"].append((doc, start, end, block, v.get("type", "meeting"), tuple(v.get("participants") or ()),
                               v.get("location"), v.get("country"), v.get("occasion"), v.get("time"), rule))
    return rows
