"""newsclaims JSONL output -> pandas DataFrames, one per kind of annotation.

:func:`load_annotations` streams one or more output files (``.jsonl``, ``.jsonl.gz``,
a glob such as ``out/run-*.jsonl.gz``, or a directory of them) line by line with
``json.loads`` and appends each field to column lists; the frames are built once at
the end. No pydantic validation per line unless ``validate=True`` (it costs about
as much as the rest of the loading together). The columns and their order are fixed
(:data:`COLUMNS`), so an empty frame has the same columns as a full one.

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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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
        from .view import show

        return show(self.record(doc_id), **options)

    def summarize(self, **options):
        """Cross-document aggregates (see :func:`pipeline.analysis.summarize`)."""
        from .summary import summarize

        return summarize(self, **options)

    def export(self, out_dir: str | Path, format: str = "parquet") -> list[Path]:
        """Write one file per frame (see :func:`pipeline.analysis.export`)."""
        from .export import export

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


class _Columns:
    """Column lists for one frame; ``doc`` holds the document index (-> doc_id codes)."""

    def __init__(self, name: str):
        self.name = name
        self.lists: dict[str, list] = {column: [] for column, _ in COLUMNS[name]}

    def frame(self, doc_ids: pd.CategoricalDtype) -> pd.DataFrame:
        data = {}
        for column, dtype in COLUMNS[self.name]:
            values = self.lists[column]
            if column == "doc_id" and self.name != "errors":
                data[column] = pd.Categorical.from_codes(values, dtype=doc_ids)
            else:
                data[column] = _typed(values, dtype)
        return pd.DataFrame(data)


def _typed(values: list, dtype: str):
    if dtype == "category":
        categorical = pd.Categorical(values)
        if len(categorical.categories) == 0:  # all missing: keep string categories, as when full
            categorical = pd.Categorical(values, categories=pd.Index([], dtype="str"))
        return categorical
    if dtype == "datetime":
        return _parse_dates(values)
    if dtype == "object":  # tuples: filled one by one so numpy does not make a 2-D array
        array = np.empty(len(values), dtype=object)
        for i, value in enumerate(values):
            array[i] = value
        return array
    return pd.array(values, dtype=dtype)


def _parse_dates(values: list) -> pd.Series:
    """ISO 8601 first (fast, the common case), then any other format pandas can read."""
    raw = pd.Series(values, dtype="str")
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
    cols = {name: _Columns(name) for name in FRAMES}
    doc_ids: dict[str, int] = {}
    texts: list[str | None] = []
    for path, line_no, record, problem in iter_records(files, validate=validate):
        if record is None or problem is not None:
            _add_error(cols["errors"].lists, record, problem, path, line_no)
            continue
        doc_ids.setdefault(record["doc_id"], len(doc_ids))
        _add_record(cols, doc_ids[record["doc_id"]], record, path, line_no)
        if text:
            texts.append(record.get("text"))
    dtype = pd.CategoricalDtype(list(doc_ids))
    frames = {name: cols[name].frame(dtype) for name in FRAMES}
    if text:
        frames["documents"]["text"] = pd.array(texts, dtype="str")
    return Annotations(**frames, paths=tuple(files))


def _add_error(lists: dict[str, list], record, problem, path: Path, line_no: int) -> None:
    source = (record or {}).get("source") or {}
    error_type, message = problem
    lists["doc_id"].append((record or {}).get("doc_id"))
    lists["error_type"].append(error_type)
    lists["message"].append(message)
    lists["source_path"].append(source.get("path"))
    lists["source_line"].append(source.get("line"))
    lists["annotation_file"].append(str(path))
    lists["annotation_line"].append(line_no)


def _add_record(cols: dict[str, _Columns], doc: int, record: dict[str, Any], path: Path, line_no: int) -> None:
    """Append one record to every frame's column lists (the hot loop: plain list appends)."""
    source = record.get("source") or {}
    cleaning = record.get("cleaning") or {}
    flags = sorted(cleaning.get("flags") or ())
    status = record.get("status", "ok")
    error = record.get("error") or {}
    text = record.get("text") or ""
    d = cols["documents"].lists
    d["doc_id"].append(doc)
    d["status"].append(status)
    d["title"].append(record.get("title"))
    d["source_path"].append(source.get("path"))
    d["source_line"].append(source.get("line"))
    d["source_url"].append(source.get("url"))
    d["source_date"].append(source.get("date"))
    d["date"].append(source.get("date"))
    d["flags"].append(",".join(flags))
    for flag in FLAGS:
        d[f"flag_{flag}"].append(flag in flags)
    d["n_fixes"].append(sum(fix.get("count", 0) for fix in cleaning.get("fixes") or ()))
    d["n_chars"].append(len(text))
    d["n_words"].append(len(text.split()))
    for name in _COUNTED:
        d[f"n_{name}"].append(len(record.get(name) or ()))
    d["error_type"].append(error.get("type") if status != "ok" else None)
    d["annotation_file"].append(str(path))
    d["annotation_line"].append(line_no)
    if status != "ok":
        _add_error(cols["errors"].lists, record, (error.get("type") or "Error", error.get("message") or ""), path, line_no)
        return

    e = cols["entities"].lists
    first_mention: dict[tuple[str, str], tuple[int, int]] = {}
    for ent in record.get("entities") or ():
        start, end = ent["start"], ent["end"]
        e["doc_id"].append(doc)
        e["start"].append(start)
        e["end"].append(end)
        e["block"].append(ent.get("block"))
        e["text"].append(ent.get("text"))
        e["label"].append(ent.get("label"))
        e["canonical"].append(ent.get("canonical"))
        e["kb_id"].append(ent.get("kb_id"))
        e["country"].append(ent.get("country"))
        first_mention.setdefault((ent.get("canonical"), ent.get("label")), (start, end))

    a = cols["actors"].lists
    actor_labels: dict[str, str] = {}
    for actor in record.get("actors") or ():
        canonical, label = actor.get("canonical"), actor.get("label")
        start, end = first_mention.get((canonical, label), (None, None))
        actor_labels.setdefault(canonical, label)
        a["doc_id"].append(doc)
        a["start"].append(start)
        a["end"].append(end)
        a["canonical"].append(canonical)
        a["kb_id"].append(actor.get("kb_id"))
        a["label"].append(label)
        a["role"].append(actor.get("role"))
        a["country"].append(actor.get("country"))
        a["mentions"].append(actor.get("mentions", 1))

    t = cols["topics"].lists
    for topic in record.get("topics") or ():
        evidence = topic.get("evidence") or {}
        t["doc_id"].append(doc)
        t["start"].append(evidence.get("start", 0))
        t["end"].append(evidence.get("end", 0))
        t["block"].append(evidence.get("block"))
        t["label"].append(topic.get("label"))
        t["category"].append(topic.get("category"))
        t["focus"].append(topic.get("focus"))
        t["outcome"].append(topic.get("outcome"))
        t["method"].append(topic.get("method"))
        t["rule"].append(evidence.get("rule"))

    p = cols["positions"].lists
    for position in record.get("positions") or ():
        evidence = position.get("evidence") or {}
        p["doc_id"].append(doc)
        p["start"].append(evidence.get("start", 0))
        p["end"].append(evidence.get("end", 0))
        p["block"].append(evidence.get("block"))
        p["actor"].append(position.get("actor"))
        p["actor_kb_id"].append(position.get("actor_kb_id"))
        p["actor_label"].append(actor_labels.get(position.get("actor")))
        p["topic"].append(position.get("topic"))
        p["category"].append(position.get("category"))
        p["stance"].append(position.get("stance"))
        p["method"].append(position.get("method"))
        p["rule"].append(evidence.get("rule"))

    c = cols["claims"].lists
    for claim in record.get("claims") or ():
        c["doc_id"].append(doc)
        c["start"].append(claim["start"])
        c["end"].append(claim["end"])
        c["block"].append(claim.get("block"))
        c["text"].append(claim.get("text"))
        c["speaker"].append(claim.get("speaker"))
        c["speaker_canonical"].append(tuple(claim.get("speaker_canonical") or ()))
        c["speaker_type"].append(claim.get("speaker_type"))
        c["cue"].append(claim.get("cue"))
        c["hedged"].append(bool(claim.get("hedged")))

    v = cols["events"].lists
    for event in record.get("events") or ():
        evidence = event.get("evidence") or {}
        v["doc_id"].append(doc)
        v["start"].append(evidence.get("start", 0))
        v["end"].append(evidence.get("end", 0))
        v["block"].append(evidence.get("block"))
        v["type"].append(event.get("type", "meeting"))
        v["participants"].append(tuple(event.get("participants") or ()))
        v["location"].append(event.get("location"))
        v["country"].append(event.get("country"))
        v["occasion"].append(event.get("occasion"))
        v["time"].append(event.get("time"))
        v["rule"].append(evidence.get("rule"))
