"""Batch runs over article dumps: streaming, parallel, resumable, with progress and stats.

``run_batch`` reads documents lazily, annotates them in chunks (in this process, or in
worker processes that each hold the pipeline and send back finished JSON lines), and
writes exactly one line per input document, in input order. Memory does not grow with
the dump: at most ``workers * PENDING_PER_WORKER`` chunks are in flight.

Resume: the output written so far is the checkpoint. A rerun with ``resume=True`` counts
the complete lines already written (a half-written last line is cut off), skips that
many input documents and appends, so the final output equals an uninterrupted run's.

Faults: a worker that dies is replaced without losing a document (:class:`WorkerPool`); a
write that fails (disk full) raises :class:`OutputError` with only complete lines left; a
repeated ``doc_id`` is renamed (:class:`DocIds`). README "Reliability" lists the tests.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

from .io import InputDocument
from .schema import AnnotationRecord, error_record
from .spill import SpilledRecord
from .progress import Progress  # the display; engine_dask imports it from here too

logger = logging.getLogger("newsclaims")

CHUNK_SIZE = 64  # documents per task sent to a worker
PENDING_PER_WORKER = 3  # chunks in flight per worker (bounds memory)


@dataclass
class BatchStats:
    """The summary of a run, also written beside the output as ``OUT.stats.json``."""

    documents: int = 0
    ok: int = 0
    errors: int = 0
    errors_by_type: dict[str, int] = field(default_factory=dict)
    words: int = 0
    seconds: float = 0.0
    docs_per_second: float = 0.0
    words_per_second: float = 0.0
    resumed_from: int = 0
    duplicate_ids: int = 0  # documents whose id was already used in this output (renamed)
    workers: int = 1
    interrupted: bool = False
    output: list[str] = field(default_factory=list)

    def add(self, status: str, error_type: str | None, words: int) -> None:
        self.documents += 1
        self.words += words
        if status == "ok":
            self.ok += 1
        else:
            self.errors += 1
            self.errors_by_type[error_type or "Error"] = self.errors_by_type.get(error_type or "Error", 0) + 1

    def finish(self, started: float) -> None:
        self.seconds = round(time.perf_counter() - started, 3)
        self.docs_per_second = round(self.documents / self.seconds, 2) if self.seconds else 0.0
        self.words_per_second = round(self.words / self.seconds, 1) if self.seconds else 0.0

    def summary(self) -> str:
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_type.items()))
        return (
            f"{self.documents} documents, {self.errors} errors{' (' + kinds + ')' if kinds else ''}, "
            f"{self.words} words, {self.seconds:.1f} s, {self.docs_per_second:.1f} docs/s, "
            f"{self.words_per_second:,.0f} words/s"
            + (f", {self.duplicate_ids} duplicate ids renamed" if self.duplicate_ids else "")
            + (" (interrupted)" if self.interrupted else "")
        )


# --- what a worker does -----------------------------------------------------------------

_WORKER_ANNOTATOR = None  # set in the parent before forking, inherited by the workers


# (JSON line, status, error type, words) of one document; the line of a document longer
# than one piece is a SpilledRecord (its JSON in a temporary file, copied by Output.write).
Result = tuple["str | SpilledRecord", str, "str | None", int]


def _annotate_chunk(documents: list[InputDocument]) -> list[Result]:
    """(JSON line, status, error type, words) per document, in order."""
    return annotate_documents(_WORKER_ANNOTATOR, documents)


def annotate_documents(annotator, documents: Iterable[InputDocument]) -> list[Result]:
    """Annotate documents into finished JSON lines plus what the stats need (any engine)."""
    results = []
    for record in annotator.annotate_stream(documents, spill=True):
        if isinstance(record, SpilledRecord):
            results.append((record, "ok", None, record.words))
            continue
        words = len(record.text.split()) if record.status == "ok" else 0
        results.append((record.model_dump_json(), record.status, record.error.type if record.error else None, words))
    return results


def _worker_init() -> None:
    """In each forked worker: Ctrl-C is for the parent (which stops the workers), and on
    Linux the worker dies with its parent instead of finishing a chunk nobody will read."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _worker_died(document: InputDocument) -> Result:
    message = ("the worker process died while annotating this document (killed, or out of memory); "
               "it was retried on its own")
    return error_record(document.doc_id, "WorkerDied", message, document.source).model_dump_json(), "error", "WorkerDied", 0


class WorkerPool:
    """Forked workers that annotate chunks; results come back in input order.

    A worker that dies (killed, out of memory) loses no document and never hangs the run:
    the pool is restarted, the chunks that were in flight are redone one at a time, and a
    chunk that kills a worker on its own is redone one document at a time; a document that
    kills a worker on its own becomes a ``WorkerDied`` error record.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init)

    def ordered(self, chunks: Iterable[list[InputDocument]]) -> Iterator[list[Result]]:
        pending: deque[tuple[list[InputDocument], Future | list[Result]]] = deque()
        for chunk in chunks:
            pending.append((chunk, self.executor.submit(_annotate_chunk, chunk)))
            if len(pending) >= self.workers * PENDING_PER_WORKER:
                yield self._first(pending)
        while pending:
            yield self._first(pending)

    def _first(self, pending: deque) -> list[Result]:
        chunk, job = pending[0]
        try:
            results = job.result() if isinstance(job, Future) else job
        except BrokenProcessPool:
            logger.warning("a worker process died; restarting the workers and redoing the chunks in flight")
            self._restart()
            for i, (redo, job) in enumerate(pending):
                finished = isinstance(job, list) or (job.done() and not job.cancelled() and job.exception() is None)
                pending[i] = (redo, job if isinstance(job, list) else job.result()) if finished else (redo, self._alone(redo))
            results = pending[0][1]
        pending.popleft()
        return results

    def _alone(self, chunk: list[InputDocument]) -> list[Result]:
        try:
            return self.executor.submit(_annotate_chunk, chunk).result()
        except BrokenProcessPool:
            self._restart()
        results: list[Result] = []
        for document in chunk:
            try:
                results += self.executor.submit(_annotate_chunk, [document]).result()
            except BrokenProcessPool:
                logger.warning("document %s killed a worker process on its own", document.doc_id)
                self._restart()
                results.append(_worker_died(document))
        return results

    def _restart(self) -> None:
        self.close()
        self.executor = self._start()

    def close(self) -> None:
        """Stop the workers now (after the last result, an error or Ctrl-C)."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)


# --- output: one file, or gzip shards ---------------------------------------------------


class OutputError(OSError):
    """The output cannot be written (disk full, read-only, removed): the complete lines
    written so far stay, and ``--resume`` goes on from them."""


class DocIds:
    """The ids already used in one output, so that a repeated input id is kept but made
    unique: the second ``a1`` becomes ``a1#2`` (the third ``a1#3``), with the id as given in
    ``source.id``. Ids are held as 8-byte digests (about 80 bytes per document in memory)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    @staticmethod
    def _key(doc_id: str) -> int:
        return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")

    def add(self, doc_id: str) -> bool:
        """Record ``doc_id``; False when it was already there."""
        key = self._key(doc_id)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def unique(self, line: "str | SpilledRecord") -> tuple["str | SpilledRecord", bool]:
        """The record line with a unique ``doc_id``, and whether it had to be renamed."""
        doc_id = line.doc_id if isinstance(line, SpilledRecord) else _line_doc_id(line)
        if self.add(doc_id):
            return line, False
        n = 2
        while not self.add(f"{doc_id}#{n}"):
            n += 1
        if isinstance(line, SpilledRecord):
            return line.renamed(f"{doc_id}#{n}"), True
        record = AnnotationRecord.model_validate_json(line)
        renamed = record.model_copy(update={"doc_id": f"{doc_id}#{n}", "source": record.source.model_copy(update={"id": doc_id})})
        return renamed.model_dump_json(), True


_DECODER = json.JSONDecoder()


def _line_doc_id(line: str) -> str:
    """The ``doc_id`` of a record line without parsing the rest (it is the second field)."""
    at = line.index('"doc_id":') + len('"doc_id":')
    while line[at] == " ":
        at += 1
    return _DECODER.raw_decode(line, at)[0]


class Output:
    """Writes whole lines and flushes after each chunk; knows how to resume.

    A write that fails (disk full, read-only) raises :class:`OutputError`; the plain file is
    cut back to its last complete chunk, so no partial line is left behind.
    """

    def __init__(self, path: Path, shard_size: int | None):
        self.path = path
        self.shard_size = shard_size
        self.handle: IO[str] | None = None
        self.in_shard = 0
        self.shard_index = 0
        self.paths: list[Path] = []
        self.ids = DocIds()
        self.good_bytes = 0  # size of the plain file after the last successful flush
        self.failed = False

    def shard_path(self, index: int) -> Path:
        name = self.path.name
        stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
        return self.path.with_name(f"{stem}-{index:05d}.jsonl.gz")

    def existing_records(self) -> int:
        """Complete records already written; a partial last line is removed."""
        if not self.shard_size:
            return _repair_jsonl(self.path, self.ids.add) if self.path.exists() else 0
        total, index = 0, 0
        while self.shard_path(index).exists():
            count = _repair_gzip_shard(self.shard_path(index), self.ids.add)
            total += count
            self.shard_index, self.in_shard = index, count
            self.paths.append(self.shard_path(index))
            index += 1
        return total

    def open(self, append: bool) -> None:
        with self._writing():
            self._open(append)

    def _open(self, append: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.shard_size:
            self.handle = open(self.path, "a" if append else "w", encoding="utf-8")
            self.good_bytes = os.fstat(self.handle.fileno()).st_size
            self.paths = [self.path]
            return
        if not append:
            index = 0
            while self.shard_path(index).exists():  # a fresh run replaces old shards
                self.shard_path(index).unlink()
                index += 1
            self.shard_index, self.in_shard, self.paths = 0, 0, []
        if self.shard_size and self.in_shard >= self.shard_size:
            self.shard_index, self.in_shard = self.shard_index + 1, 0
        self._open_shard()

    def _open_shard(self) -> None:
        path = self.shard_path(self.shard_index)
        self.handle = gzip.open(path, "at", encoding="utf-8")
        if path not in self.paths:
            self.paths.append(path)

    def write(self, line: "str | SpilledRecord") -> None:
        with self._writing():
            if self.shard_size and self.in_shard >= self.shard_size:
                self.handle.close()
                self.shard_index, self.in_shard = self.shard_index + 1, 0
                self._open_shard()
            if isinstance(line, SpilledRecord):  # copied from its temporary file, never held whole
                try:
                    line.write_to(self.handle)
                finally:
                    line.discard()
                self.handle.write("\n")
            else:
                self.handle.write(line + "\n")
            self.in_shard += 1

    def flush(self) -> None:
        with self._writing():
            self.handle.flush()
            if not self.shard_size:
                os.fsync(self.handle.fileno())
                self.good_bytes = os.fstat(self.handle.fileno()).st_size

    def close(self) -> None:
        if self.handle is None:
            return
        if self.failed:  # buffered lines cannot be written either; keep the first error
            try:
                self.handle.close()
            except OSError:
                pass
            return
        with self._writing():
            self.handle.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn a failed write into :class:`OutputError`, leaving only complete lines."""
        try:
            yield
        except OSError as exc:
            if isinstance(exc, OutputError):
                raise
            self._abandon()
            what = exc.strerror or str(exc)
            where = exc.filename or (self.shard_path(self.shard_index) if self.shard_size else self.path)
            raise OutputError(exc.errno, f"cannot write {where}: {what}") from exc

    def _abandon(self) -> None:
        """After a failed write: close without the buffered rest, cut the partial line."""
        self.failed = True
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                pass
        if not self.shard_size and self.path.is_file():
            try:
                if self.path.stat().st_size > self.good_bytes:
                    os.truncate(self.path, self.good_bytes)
            except OSError:
                pass


def _repair_jsonl(path: Path, on_id: Callable[[str], object] = lambda doc_id: None) -> int:
    """Count complete JSON lines; cut the file after the last one (drops a partial line).
    ``on_id`` gets each complete record's ``doc_id``."""
    good_bytes, count = 0, 0
    with open(path, "rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                on_id(json.loads(raw)["doc_id"])
            except (ValueError, KeyError, TypeError):
                break
            good_bytes += len(raw)
            count += 1
    if good_bytes != path.stat().st_size:
        with open(path, "r+b") as handle:
            handle.truncate(good_bytes)
    return count


def _repair_gzip_shard(path: Path, on_id: Callable[[str], object] = lambda doc_id: None) -> int:
    """Count the complete lines of a gzip shard; rewrite it when its end is damaged (to a
    temporary file, renamed over it: a crash during the repair loses nothing)."""
    lines: list[bytes] = []
    damaged = False
    try:
        with gzip.open(path, "rb") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    damaged = True
                    break
                on_id(json.loads(raw)["doc_id"])
                lines.append(raw)
    except (EOFError, OSError, ValueError, KeyError, TypeError):
        damaged = True
    if damaged:
        temporary = path.with_name(f".{path.name}.repair")
        with gzip.open(temporary, "wb") as handle:
            handle.writelines(lines)
        os.replace(temporary, path)
    return len(lines)


# --- the run ----------------------------------------------------------------------------


def _chunks(documents: Iterable[InputDocument], size: int) -> Iterator[list[InputDocument]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stats_path(output: Path) -> Path:
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(name + ".stats.json")


def run_batch(
    documents: Iterable[InputDocument],
    output: Path,
    annotator_factory: Callable[[], object],
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    resume: bool = False,
    shard_size: int | None = None,
    progress: bool = True,
    total: Callable[[], int | None] | None = None,
) -> BatchStats:
    """Annotate ``documents`` into ``output`` (see the module docstring).

    ``annotator_factory`` builds the :class:`pipeline.api.Annotator` once, in this process,
    before the workers are forked from it. Returns the stats, which are also written to
    ``OUT.stats.json``. Ctrl-C stops cleanly: what was written stays valid and resumable.
    ``total()`` (called once the pipeline is loaded) is the number of input documents,
    or None when unknown; the progress display shows it with an ETA.
    """
    global _WORKER_ANNOTATOR
    started = time.perf_counter()
    out = Output(output, shard_size)
    done = out.existing_records() if resume else 0
    stats = BatchStats(resumed_from=done, workers=workers)
    bar = Progress(progress, done)
    if resume:
        bar.message(f"newsclaims: resuming: kept {done} records in {output}, skipping {done} inputs")
    bar.message("newsclaims: loading pipeline ...")
    _WORKER_ANNOTATOR = annotator_factory()
    bar.message(f"newsclaims: pipeline loaded in {time.perf_counter() - started:.1f} s")
    inputs = total() if total is not None and progress else None
    # The model's objects live for the whole run: freezing them keeps the collector from
    # traversing them on every full collection (-3 % CPU measured) and, before forking,
    # keeps the workers' copies of their pages shared (the CPython gc docs' advice).
    gc.collect()
    gc.freeze()
    bar.start(inputs - done if inputs is not None else None)
    chunks = _chunks(islice(documents, done, None), chunk_size)
    pool = None
    try:
        out.open(append=resume and done > 0)
        if workers <= 1:
            for chunk in chunks:
                write_results(out, stats, bar, _annotate_chunk(chunk))
        else:
            pool = WorkerPool(workers)
            for results in pool.ordered(chunks):
                write_results(out, stats, bar, results)
    except KeyboardInterrupt:
        stats.interrupted = True
    except BaseException:
        _end_run(out, stats, output, started, pool, bar, failed=True)
        raise
    _end_run(out, stats, output, started, pool, bar, failed=False)
    return stats


def _end_run(out: Output, stats: BatchStats, output: Path, started: float, pool: WorkerPool | None, bar: Progress,
             failed: bool) -> None:
    """Stop the workers, close the output, write the stats; after a failure, errors here
    are secondary and the first one is what the caller sees."""
    if pool is not None:
        pool.close()
    gc.unfreeze()
    bar.close()
    try:
        out.close()
        finish_stats(stats, out, output, started)
    except OSError:
        if not failed:
            raise


def finish_stats(stats: BatchStats, out: Output, output: Path, started: float) -> None:
    """Close the run's numbers and write ``OUT.stats.json`` (the same file for every engine)."""
    stats.output = [str(p) for p in out.paths]
    stats.finish(started)
    path = stats_path(output)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(json.dumps(asdict(stats), indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        raise OutputError(exc.errno, f"cannot write {path}: {exc.strerror or exc}") from exc


def write_results(out: Output, stats: BatchStats, bar: Progress, results: list[Result], partitions: str | None = None) -> None:
    """Write a chunk's lines in order, count them, flush once, move the progress on."""
    for line, status, error_type, words in results:
        line, renamed = out.ids.unique(line)
        stats.duplicate_ids += renamed
        out.write(line)
        stats.add(status, error_type, words)
    out.flush()
    bar.update(stats, len(results), partitions)
