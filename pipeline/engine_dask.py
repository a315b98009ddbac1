"""The same batch on a Dask cluster, with output identical to a local run.

The client plans partitions of ``partition_size`` documents in input order, from the same
walk as :func:`pipeline.io.read_inputs`: text and HTML files by path, plain JSONL files as
byte ranges (found by one streaming pass that records offsets), and ``.jsonl.gz`` files
and stdin, which cannot be split by bytes, read in one streaming pass and sent on as their
raw lines. Only paths, offsets and input or JSON text travel; nothing read from an input
is ever unpickled. Each worker builds the pipeline once (:class:`PipelinePlugin`, which
gets only :class:`~pipeline.engines.AnnotatorSettings`) and returns the partition's
finished JSON lines; the client writes them in partition order through the local
engine's :class:`~pipeline.batch.Output`, so OUT, the shards and ``OUT.stats.json`` are
byte for byte those of ``run_batch`` (timing fields aside).

Failures: a partition that raises is retried (``retries``); a document that fails is an
error record as in local runs; a worker that dies is restarted by its nanny and the
scheduler reruns its partitions. Resume: a partition that finishes before its turn waits
in ``OUT.parts/`` (one file each, written atomically); a rerun with ``resume=True`` keeps
the complete lines of OUT, reuses those files and computes only the partitions that are
in neither.

Imported only when the dask engine is chosen (:mod:`pipeline.engines`).
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import dask
from distributed import Client, LocalCluster, wait
from distributed.diagnostics.plugin import WorkerPlugin

from .batch import (PENDING_PER_WORKER, BatchStats, Output, OutputError, Progress, Result, annotate_documents, finish_stats,
                    write_results)
from .engines import AnnotatorSettings, PartitionError
from .spill import SpilledRecord
from .io import (BadLine, InputDocument, check_output, input_files, is_document_line, is_gzip, is_jsonl, jsonl_document,
                 limit_length, read_bounded, read_file, read_jsonl, read_lines, sniff_stdin, stream_document)
from .progress import InputCounter
from .schema import Source

logger = logging.getLogger("newsclaims")

PARTITION_SIZE = 64  # documents per partition (a task): ~50k words of news, 15-20 s of one core
RETRIES = 2  # reruns of a partition that raised, before the run stops
AHEAD_PER_WORKER = 4 * PENDING_PER_WORKER  # partitions planned past the write cursor (bounds OUT.parts/)
WORKER_WAIT_SECONDS = 300.0  # for a remote cluster to have a worker (a batch queue may be slow)
LOCAL_HOST = "127.0.0.1"


# --- partitions: what travels to the workers ---------------------------------------------


@dataclass(frozen=True)
class FilePiece:
    """One text, Markdown or HTML file: one document."""

    path: str  # absolute, as the workers open it
    name: str  # source.path, as the user gave it
    doc_id: str


@dataclass(frozen=True)
class RangePiece:
    """A byte range of a plain JSONL file, starting at line ``first_line``."""

    path: str
    name: str
    start: int
    end: int
    first_line: int


@dataclass(frozen=True)
class LinesPiece:
    """Document lines of a file that cannot be split by bytes (.jsonl.gz, stdin): (line number, raw
    line, or the :class:`~pipeline.io.BadLine` that stands for a line too large or unreadable)."""

    name: str
    lines: tuple[tuple[int, bytes | BadLine], ...]


@dataclass(frozen=True)
class TextPiece:
    """A plain-text document read from stdin."""

    doc_id: str
    name: str
    data: bytes | BadLine  # BadLine: stdin was over the size limit


Piece = FilePiece | RangePiece | LinesPiece | TextPiece


@dataclass(frozen=True)
class Partition:
    """Documents ``start`` .. ``start + documents - 1`` of the run, in input order."""

    index: int
    start: int
    documents: int
    pieces: tuple[Piece, ...]

    @property
    def end(self) -> int:
        return self.start + self.documents

    def describe(self) -> str:
        names = sorted({getattr(piece, "name", "?") for piece in self.pieces})
        where = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return f"partition {self.index} (documents {self.start + 1}-{self.end} of {where})"


class _Planner:
    """Cuts the stream of pieces into partitions of ``size`` documents."""

    def __init__(self, size: int):
        self.size = size
        self.pieces: list[Piece] = []
        self.count = 0
        self.index = 0
        self.start = 0

    def room(self) -> int:
        return self.size - self.count

    def add(self, piece: Piece, documents: int) -> Iterator[Partition]:
        self.pieces.append(piece)
        self.count += documents
        if self.count >= self.size:
            yield self.cut()

    def cut(self) -> Partition:
        partition = Partition(self.index, self.start, self.count, tuple(self.pieces))
        self.index, self.start, self.pieces, self.count = self.index + 1, self.start + self.count, [], 0
        return partition


def plan_partitions(inputs: Sequence[str | Path], size: int = PARTITION_SIZE, stdin=None) -> Iterator[Partition]:
    """The run's partitions, in input order, planned lazily (one streaming pass per JSONL)."""
    planner = _Planner(size)
    for item in inputs:
        if str(item) == "-":
            yield from _plan_stdin(stdin or sys.stdin.buffer, planner)
            continue
        for path, doc_id in input_files(item):
            if is_jsonl(path):
                try:
                    handle = gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")
                except OSError as exc:  # the same error record as read_file's
                    yield from planner.add(LinesPiece(str(path), ((1, BadLine("ReadError", f"the file cannot be opened: {exc}")),)), 1)
                    continue
                with handle:
                    yield from (_plan_lines(handle, str(path), planner) if is_gzip(path) else _plan_ranges(path, handle, planner))
            else:
                yield from planner.add(FilePiece(str(path.absolute()), str(path), doc_id), 1)
    if planner.count:
        yield planner.cut()


def _plan_ranges(path: Path, handle, planner: _Planner) -> Iterator[Partition]:
    """Byte ranges of a plain JSONL file, cut where a partition is full (a line too large is
    counted, not read: the worker reports it as read_jsonl does)."""
    absolute, name = str(path.absolute()), str(path)
    start = offset = documents = 0
    first_line = 1
    for line_no, (raw, length) in enumerate(read_lines(handle), start=1):
        offset += length
        documents += is_document_line(raw)
        if documents == planner.room():
            yield from planner.add(RangePiece(absolute, name, start, offset, first_line), documents)
            start, first_line, documents = offset, line_no + 1, 0
    if documents:
        yield from planner.add(RangePiece(absolute, name, start, offset, first_line), documents)


def _plan_lines(handle: Iterable[bytes], name: str, planner: _Planner) -> Iterator[Partition]:
    """The document lines of a stream that cannot be split by bytes, a partition at a time."""
    lines: list[tuple[int, bytes | BadLine]] = []
    for line_no, (raw, _) in enumerate(read_lines(handle), start=1):
        if is_document_line(raw):
            lines.append((line_no, raw))
            if len(lines) == planner.room():
                yield from planner.add(LinesPiece(name, tuple(lines)), len(lines))
                lines = []
    if lines:
        yield from planner.add(LinesPiece(name, tuple(lines)), len(lines))


def _plan_stdin(stream, planner: _Planner) -> Iterator[Partition]:
    buffered, jsonl = sniff_stdin(stream)
    if jsonl:
        yield from _plan_lines(buffered, "<stdin>", planner)
    else:
        yield from planner.add(TextPiece("stdin", "<stdin>", read_bounded(buffered)), 1)


# --- what a worker does -------------------------------------------------------------------

_ANNOTATORS: dict[AnnotatorSettings, object] = {}
_LOCK = threading.RLock()  # one pipeline per worker process, used by one thread at a time


def worker_annotator(settings: AnnotatorSettings):
    """This process's annotator for ``settings``, built on first use and kept."""
    with _LOCK:
        if settings not in _ANNOTATORS:
            _ANNOTATORS[settings] = settings.load()
            gc.collect()
            gc.freeze()  # as run_batch does: the model's objects are never collected
        return _ANNOTATORS[settings]


class PipelinePlugin(WorkerPlugin):
    """Builds the pipeline once on every worker, including ones that join or restart later."""

    idempotent = True

    def __init__(self, settings: AnnotatorSettings, ignore_interrupts: bool = False):
        self.settings = settings
        self.ignore_interrupts = ignore_interrupts

    async def setup(self, worker) -> None:
        if self.ignore_interrupts and threading.current_thread() is threading.main_thread():
            # A LocalCluster's workers share the terminal's process group: Ctrl-C is for the
            # client, which stops the run and shuts them down (without their tracebacks).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        # In a thread: the model takes seconds to load and the worker's event loop must
        # keep answering the scheduler meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, worker_annotator, self.settings)


def plugin_name(settings: AnnotatorSettings, local: bool = False) -> str:
    digest = hashlib.sha1(json.dumps([asdict(settings), local], sort_keys=True).encode()).hexdigest()[:12]
    return f"newsclaims-pipeline-{digest}"


def partition_documents(partition: Partition, id_field: str, text_field: str) -> Iterator[InputDocument]:
    """The partition's documents, exactly as ``read_inputs`` yields them."""
    fields = {"id_field": id_field, "text_field": text_field}
    for piece in partition.pieces:
        if isinstance(piece, FilePiece):
            yield from read_file(Path(piece.path), piece.doc_id, name=piece.name, **fields)
        elif isinstance(piece, RangePiece):
            with open(piece.path, "rb") as handle:
                handle.seek(piece.start)
                yield from read_jsonl(handle, piece.name, first_line=piece.first_line, size=piece.end - piece.start, **fields)
        elif isinstance(piece, LinesPiece):
            for line_no, raw in piece.lines:
                yield jsonl_document(raw, line_no, piece.name, **fields)
        else:
            yield stream_document(piece.doc_id, piece.data, Source(path=piece.name))


@dataclass
class PartitionResult:
    index: int
    results: list[Result]  # (JSON line, status, error type, words), from document ``skip`` on
    seconds: float  # reading + annotating on the worker (for the benchmarks)


def annotate_partition(partition: Partition, settings: AnnotatorSettings, id_field: str, text_field: str,
                       skip: int = 0) -> PartitionResult:
    """The task: read the partition's documents and annotate them (from document ``skip`` on)."""
    started = time.perf_counter()
    documents = list(limit_length(partition_documents(partition, id_field, text_field), settings.max_chars))
    if len(documents) != partition.documents:
        raise RuntimeError(f"{partition.describe()} now has {len(documents)} documents: the input changed since it was planned")
    with _LOCK:
        results = [(_as_line(line), *rest) for line, *rest in annotate_documents(worker_annotator(settings), documents[skip:])]
    return PartitionResult(partition.index, results, round(time.perf_counter() - started, 4))


def _as_line(line: "str | SpilledRecord") -> str:
    """A partition result travels to the client as strings: a long document's spilled
    record is read back whole here (the local engine copies it without holding it)."""
    if isinstance(line, SpilledRecord):
        try:
            return line.line()
        finally:
            line.discard()
    return line


# --- partitions that finished early: OUT.parts/ ------------------------------------------


class PartStore:
    """Finished partitions waiting for their turn to be written, one file each.

    A part file is a JSON header (run key, index, first document, per-line stats) and the
    JSON lines; it is written to a temporary name and renamed, so a crash never leaves a
    half part. They survive a crash, which is what makes resume per partition.
    """

    def __init__(self, directory: Path, key: str):
        self.directory = directory
        self.key = key

    def path(self, index: int) -> Path:
        return self.directory / f"part-{index:07d}.jsonl"

    def clear(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def save(self, partition: Partition, first: int, results: list[Result]) -> None:
        """``first``: the run's index of the first document in ``results``."""
        self.directory.mkdir(parents=True, exist_ok=True)
        header = {"key": self.key, "index": partition.index, "first": first, "end": partition.end,
                  "meta": [[status, error_type, words] for _, status, error_type, words in results]}
        temporary = self.directory / f".{self.path(partition.index).name}.{uuid.uuid4().hex}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(header) + "\n")
                handle.writelines(line + "\n" for line, *_ in results)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path(partition.index))
        except OSError as exc:  # disk full: the run stops, resumable, as for OUT itself
            temporary.unlink(missing_ok=True)
            raise OutputError(exc.errno, f"cannot write {temporary}: {exc.strerror or exc}") from exc

    def load(self, partition: Partition, first: int) -> list[Result] | None:
        """The results of documents ``first`` .. end of ``partition``, if a valid part has them."""
        path = self.path(partition.index)
        if not path.exists():
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                lines = [line.rstrip("\n") for line in handle]
        except (OSError, ValueError):
            return None
        meta, saved_first = header.get("meta", []), header.get("first")
        if (header.get("key") != self.key or header.get("end") != partition.end or not isinstance(saved_first, int)
                or not partition.start <= saved_first <= first or len(meta) != len(lines)
                or len(lines) != partition.end - saved_first):
            return None
        skip = first - saved_first
        return [(line, status, error_type, words) for line, (status, error_type, words) in zip(lines[skip:], meta[skip:])]

    def drop(self, index: int) -> None:
        self.path(index).unlink(missing_ok=True)

    def remove_if_empty(self) -> None:
        if self.directory.is_dir() and not any(self.directory.iterdir()):
            self.directory.rmdir()


def parts_dir(output: Path) -> Path:
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(name + ".parts")


def run_key(inputs: Sequence[str | Path], settings: AnnotatorSettings, partition_size: int, id_field: str, text_field: str) -> str:
    """What the parts of one run depend on: a resume with other inputs or settings redoes them."""
    what = {"inputs": [str(i) if str(i) == "-" else str(Path(i).absolute()) for i in inputs], "settings": asdict(settings),
            "partition_size": partition_size, "id_field": id_field, "text_field": text_field}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]


# --- writing in partition order -----------------------------------------------------------


class _OrderedWriter:
    """Writes partitions to OUT in order; one that arrives early goes to the part store."""

    def __init__(self, out: Output, stats: BatchStats, bar: Progress, store: PartStore, done: int):
        self.out, self.stats, self.bar, self.store = out, stats, bar, store
        self.done = done  # documents in OUT
        self.next_index = 0  # the partition OUT waits for
        self.waiting: dict[int, Partition] = {}  # on disk, ahead of next_index
        self.planned = 0  # partitions planned so far
        self.planning = True  # more may follow (the progress shows "12/40+")

    def skip(self, partition: Partition) -> None:
        """A partition already complete in OUT."""
        self.next_index = partition.index + 1

    def first_needed(self, partition: Partition) -> int:
        return max(partition.start, self.done)

    def add(self, partition: Partition, results: list[Result]) -> None:
        if partition.index == self.next_index:
            self._write(partition, results)
            self._drain()
        else:
            self.store.save(partition, self.first_needed(partition), results)
            self.waiting[partition.index] = partition

    def add_saved(self, partition: Partition) -> None:
        """A partition whose results are already in the part store (a resumed run)."""
        self.waiting[partition.index] = partition
        self._drain()

    def _drain(self) -> None:
        while self.next_index in self.waiting:
            partition = self.waiting.pop(self.next_index)
            results = self.store.load(partition, self.first_needed(partition))
            if results is None:
                raise PartitionError(f"the part file of {partition.describe()} was lost: {self.store.path(partition.index)}")
            self._write(partition, results)
            self.store.drop(partition.index)

    def _write(self, partition: Partition, results: list[Result]) -> None:
        partitions = f"{partition.index + 1}/{self.planned}{'+' if self.planning else ''}"
        write_results(self.out, self.stats, self.bar, results, partitions=partitions)
        self.done = partition.end
        self.next_index = partition.index + 1


# --- the cluster ----------------------------------------------------------------------------


def local_cluster_size() -> int:
    """One single-threaded worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def connect(client: Client | None = None, scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client: the one given (left open), one to ``scheduler``, or a new LocalCluster on
    127.0.0.1 with single-threaded worker processes under nannies (closed afterwards)."""
    if client is not None:
        yield client
        return
    if scheduler:
        with Client(scheduler, timeout="60s") as remote:
            remote.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
            yield remote
        return
    with local_cluster(workers) as cluster, Client(cluster) as local:
        yield local


def local_cluster(workers: int | None = None) -> LocalCluster:
    """A LocalCluster for newsclaims: ``workers`` single-threaded processes (default one per
    core) under nannies, every port (scheduler, nannies, workers, dashboard) on 127.0.0.1."""
    # Without MALLOC_TRIM_THRESHOLD_: Dask sets it (65536) in its workers' environment so
    # that freed memory goes back to the system at once; spaCy allocates and frees so much
    # that this cost 15-20 % more CPU per word here, and our workers' memory is flat anyway.
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items() if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):  # read when each nanny is created
        # The scheduler's HTTP server always starts (on 8787 when not told otherwise): a
        # free port on the loopback interface instead.
        return LocalCluster(n_workers=workers or local_cluster_size(), threads_per_worker=1, processes=True,
                            host=LOCAL_HOST, dashboard_address=f"{LOCAL_HOST}:0", worker_dashboard_address=None)


def dashboard_link(client: Client, local: bool) -> str | None:
    """The dashboard's address; none for a LocalCluster without bokeh (its pages need it)."""
    from importlib.util import find_spec

    if local and find_spec("bokeh") is None:
        return None
    try:
        return client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else None
    except Exception:  # a dashboard is a convenience, never a reason to fail
        return None


def start_workers(client: Client, settings: AnnotatorSettings, local: bool = False) -> int:
    """Load the pipeline on every worker (once each, in parallel); the number of workers."""
    client.register_plugin(PipelinePlugin(settings, ignore_interrupts=local), name=plugin_name(settings, local))
    return len(client.nthreads())


# --- the run --------------------------------------------------------------------------------


def annotate_dask(
    inputs: Sequence[str | Path],
    output: Path,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    settings: AnnotatorSettings | None = None,
    partition_size: int = PARTITION_SIZE,
    resume: bool = False,
    shard_size: int | None = None,
    progress: bool = True,
    id_field: str = "id",
    text_field: str = "text",
    retries: int = RETRIES,
    on_partition: Callable[[int], None] | None = None,
) -> BatchStats:
    """Annotate ``inputs`` into ``output`` on a Dask cluster (see the module docstring).

    ``client`` uses an existing :class:`distributed.Client` (left open); otherwise
    ``scheduler`` (``tcp://host:8786``) connects to a running cluster, and without either a
    LocalCluster of ``workers`` processes (default: one per core) is started on 127.0.0.1
    and shut down at the end. ``on_partition(index)`` is called for each partition a
    worker finished (not for those reused by a resume). Raises :class:`PartitionError`
    when a partition fails ``retries + 1`` times.
    """
    from .engines import check_inputs

    check_inputs(inputs)
    check_output(inputs, output, shard_size)
    output = Path(output)
    settings = (settings or AnnotatorSettings()).portable()
    started = time.perf_counter()
    out = Output(output, shard_size)
    done = out.existing_records() if resume else 0
    store = PartStore(parts_dir(output), run_key(inputs, settings, partition_size, id_field, text_field))
    if not resume:
        store.clear()
    stats = BatchStats(resumed_from=done)
    bar = Progress(progress, done)
    counter = InputCounter(inputs) if progress else None  # counts while the workers start
    if resume:
        bar.message(f"newsclaims: resuming: kept {done} records in {output}, skipping {done} inputs")
    bar.message("newsclaims: starting Dask workers; each one loads the pipeline ...")
    complete = False
    try:
        with connect(client, scheduler, workers) as active:
            own = client is None and not scheduler
            stats.workers = start_workers(active, settings, local=own)
            link = dashboard_link(active, local=own)
            bar.message(f"newsclaims: {stats.workers} Dask worker(s) ready after {time.perf_counter() - started:.1f} s"
                        + (f"; dashboard {link}" if link else ""))
            total = counter.result() if counter else None
            bar.start(total - done if total is not None else None)
            out.open(append=resume and done > 0)
            _run(active, plan_partitions(inputs, partition_size), _OrderedWriter(out, stats, bar, store, done),
                 settings, id_field, text_field, retries, on_partition)
        complete = True
    except KeyboardInterrupt:
        stats.interrupted = True
    finally:
        out.close()
        bar.close()
        if complete:
            store.clear()
        else:
            store.remove_if_empty()
        if out.handle is not None:  # a cluster that never started leaves the last run's stats alone
            finish_stats(stats, out, output, started)
    return stats


def _run(client: Client, partitions: Iterator[Partition], writer: _OrderedWriter, settings: AnnotatorSettings,
         id_field: str, text_field: str, retries: int, on_partition: Callable[[int], None] | None) -> None:
    """Submit partitions (a bounded window ahead of the write cursor), write them in order."""
    token = uuid.uuid4().hex[:8]
    in_flight: dict = {}  # future -> partition
    window = _Window(client)
    upcoming = next(partitions, None)
    try:
        while True:
            pending, ahead = window.sizes()
            while upcoming is not None and len(in_flight) < pending and upcoming.index - writer.next_index < ahead:
                writer.planned += 1
                _schedule(client, upcoming, writer, in_flight, settings, id_field, text_field, retries, token)
                upcoming = next(partitions, None)
                writer.planning = upcoming is not None
            if not in_flight:
                if upcoming is None:
                    return
                continue  # the window held only partitions that were already done
            finished, _ = wait(list(in_flight), return_when="FIRST_COMPLETED")
            for future in sorted(finished, key=lambda f: in_flight[f].index):
                partition = in_flight.pop(future)
                if future.status != "finished":
                    raise _failure(future, partition, retries)
                result: PartitionResult = future.result()
                future.release()
                logger.debug("%s: %.1f s on its worker", partition.describe(), result.seconds)
                writer.add(partition, result.results)
                if on_partition is not None:
                    on_partition(partition.index)
    finally:
        for future in in_flight:
            future.cancel()


class _Window:
    """How many partitions may be in flight and planned ahead: in proportion to the workers,
    rechecked every few seconds (an adaptive cluster grows and shrinks during a run)."""

    RECHECK_SECONDS = 5.0

    def __init__(self, client: Client):
        self.client = client
        self.checked = float("-inf")
        self.workers = 1

    def sizes(self) -> tuple[int, int]:
        now = time.monotonic()
        if now - self.checked >= self.RECHECK_SECONDS:
            self.workers, self.checked = max(1, len(self.client.nthreads())), now
        return self.workers * PENDING_PER_WORKER, self.workers * AHEAD_PER_WORKER


def _failure(future, partition: Partition, retries: int) -> PartitionError:
    if future.status == "cancelled":
        return PartitionError(f"{partition.describe()} was cancelled by the cluster")
    exc = future.exception()
    error = PartitionError(f"{partition.describe()} failed after {retries + 1} attempt(s): {type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error


def _schedule(client: Client, partition: Partition, writer: _OrderedWriter, in_flight: dict, settings: AnnotatorSettings,
              id_field: str, text_field: str, retries: int, token: str) -> None:
    """Skip a partition already in OUT, reuse a saved one, or submit it."""
    if partition.end <= writer.done:
        writer.skip(partition)
        return
    first = writer.first_needed(partition)
    if writer.store.load(partition, first) is not None:
        writer.add_saved(partition)
        return
    future = client.submit(annotate_partition, partition, settings, id_field, text_field, first - partition.start,
                           key=f"newsclaims-partition-{token}-{partition.index}", retries=retries, pure=False)
    in_flight[future] = partition
