"""What a batch run shows while it works: a progress display with total, rates and ETA.

On a terminal a tqdm bar (``37%|████   | 480/1285 [01:22, ETA 02:18, 5.9 docs/s,
4,120 words/s, 0 errors]``) redrawn every second by a small thread, so elapsed time and
ETA move even while a chunk of documents is being annotated; otherwise (a log file, CI)
one plain line every few seconds. Everything goes to stderr: stdout stays free for data.

The total is counted by :class:`InputCounter` in a background thread while the pipeline
loads (files in directories, non-blank lines of .jsonl and .jsonl.gz files); a count that
is not finished when the run starts is dropped, and the display then shows rates without
a total or ETA. stdin has no total.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .io import input_files, is_gzip, is_jsonl

LOG_EVERY_SECONDS = 5.0  # plain log lines when stderr is not a terminal
REDRAW_SECONDS = 1.0  # terminal bar
COUNT_GRACE_SECONDS = 1.0  # how long a run waits for the input count after loading
_BLOCK = 1 << 20
_BLANK_LINE = re.compile(rb"^[ \t\r\x0b\x0c]*\n", re.MULTILINE)  # what bytes.strip() empties

# Every draw holds this lock, and a fork waits for it: a worker forked while the redraw
# thread writes would otherwise inherit a locked stderr buffer.
_DRAW_LOCK = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_DRAW_LOCK.acquire, after_in_parent=_DRAW_LOCK.release,
                        after_in_child=_DRAW_LOCK.release)


# --- the total -------------------------------------------------------------------------


class _Stopped(Exception):
    pass


def count_documents(inputs: Iterable[str | Path], stop: threading.Event | None = None) -> int | None:
    """How many documents ``read_inputs`` will yield for ``inputs``; None for stdin.

    A text or HTML file is one document, a JSONL file one per non-blank line (the same
    rule as :func:`pipeline.io.is_document_line`). Raises nothing for unreadable files:
    they are one (error) document each, as in the run.
    """
    stop = stop or threading.Event()
    total = 0
    for item in inputs:
        if str(item) == "-":
            return None
        for path, _ in input_files(item):
            if stop.is_set():
                raise _Stopped
            total += _count_jsonl(path, stop) if is_jsonl(path) else 1
    return total


def _count_jsonl(path: Path, stop: threading.Event) -> int:
    opener = gzip.open if is_gzip(path) else open
    count, tail = 0, b""
    try:
        with opener(path, "rb") as handle:
            while block := handle.read(_BLOCK):
                if stop.is_set():
                    raise _Stopped
                block = tail + block
                cut = block.rfind(b"\n") + 1
                complete, tail = block[:cut], block[cut:]
                count += complete.count(b"\n") - len(_BLANK_LINE.findall(complete))
    except (OSError, EOFError):  # a truncated .gz: the run reads what it can
        pass
    return count + (1 if tail.strip() else 0)


class InputCounter:
    """Counts the inputs in a thread; :meth:`result` stops it (before any fork) and answers."""

    def __init__(self, inputs: Iterable[str | Path]):
        self.inputs = list(inputs)
        self.total: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._count, name="newsclaims-count", daemon=True)
        self._thread.start()

    def _count(self) -> None:
        try:
            self.total = count_documents(self.inputs, self._stop)
        except (_Stopped, OSError, ValueError):
            self.total = None

    def result(self, wait: float = COUNT_GRACE_SECONDS) -> int | None:
        """The total, or None when counting takes longer than ``wait`` more seconds."""
        self._thread.join(wait)
        self._stop.set()
        self._thread.join()
        return self.total


# --- the display -----------------------------------------------------------------------


def format_duration(seconds: float) -> str:
    """``2m18s``, ``1h04m``, ``9s``: short enough for a log line."""
    seconds = max(0, int(round(seconds)))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _terminal_width(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


class Progress:
    """Documents done of a total, docs/s, words/s, errors and ETA, on stderr.

    ``skipped`` (documents kept by a resume) is not counted: the display shows this run's
    documents against the documents left to do. ``start(total)`` begins the display;
    ``update`` starts it without a total when nobody did.
    """

    def __init__(self, enabled: bool, skipped: int = 0, stream: IO[str] | None = None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.skipped = skipped
        self.total: int | None = None
        self.bar = None
        self.started: float | None = None
        self.documents = self.words = self.errors = 0
        self.partitions: str | None = None
        self.last_change = self.last_log = time.perf_counter()
        self.eta_at_change: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, total: int | None = None) -> None:
        """Begin the display; ``total`` is the number of documents this run will annotate."""
        if not self.enabled or self.started is not None:
            return
        self.started = self.last_change = self.last_log = time.perf_counter()
        self.total = max(0, total) if total is not None else None
        if self.stream.isatty():
            from tqdm import tqdm

            bar_format = ("{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]" if self.total is not None
                          else "{n_fmt} docs [{elapsed}{postfix}]")
            sized = _terminal_width(self.stream) > 0  # a terminal without a size (some ptys) gets 100
            with _DRAW_LOCK:
                self.bar = tqdm(total=self.total, unit="doc", file=self.stream, dynamic_ncols=sized,
                                ncols=None if sized else 100, nrows=None if sized else 24,
                                bar_format=bar_format, mininterval=0,
                                postfix=self._postfix())
        self._thread = threading.Thread(target=self._tick, name="newsclaims-progress", daemon=True)
        self._thread.start()

    def update(self, stats, n: int, partitions: str | None = None) -> None:
        """``stats`` is the run's :class:`pipeline.batch.BatchStats`; ``partitions``
        ("done/planned", cluster engines) is shown beside the documents."""
        if not self.enabled:
            return
        self.start()
        with self._lock:
            now = time.perf_counter()
            self.documents, self.words, self.errors = stats.documents, stats.words, stats.errors
            self.partitions = partitions
            self.last_change = now
            self.eta_at_change = self._eta_now(now)
        self._draw(n)

    def _rates(self, now: float) -> tuple[float, float]:
        elapsed = (self.last_change if self.documents else now) - (self.started or now)
        if elapsed <= 0:
            return 0.0, 0.0
        return self.documents / elapsed, self.words / elapsed

    def _eta_now(self, now: float) -> float | None:
        docs_rate, _ = self._rates(now)
        if self.total is None or not docs_rate:
            return None
        return max(0, self.total - self.documents) / docs_rate

    def _eta(self, now: float) -> float | None:
        """Counts down between updates (documents arrive a chunk at a time)."""
        if self.eta_at_change is None:
            return None
        return max(0.0, self.eta_at_change - (now - self.last_change))

    def _postfix(self) -> str:
        now = time.perf_counter()
        docs_rate, words_rate = self._rates(now)
        eta = self._eta(now)
        rates = [f"{docs_rate:.1f} docs/s", f"{words_rate:,.0f} words/s"] if self.documents else []
        parts = [f"ETA {format_duration(eta)}" if eta is not None else None, *rates, f"{self.errors} errors",
                 f"partitions {self.partitions}" if self.partitions else None]
        return ", ".join(p for p in parts if p)

    def log_line(self) -> str:
        """The plain line written when stderr is not a terminal."""
        done = f"{self.documents:,}"
        if self.total:
            done += f"/{self.total:,} documents ({100 * self.documents / self.total:.0f} %)"
        else:
            done += " documents"
        return f"newsclaims: {done}, {self._postfix()}"

    def _draw(self, n: int = 0) -> None:
        with self._lock, _DRAW_LOCK:
            if self.bar is not None:
                self.bar.set_postfix_str(self._postfix(), refresh=False)
                self.bar.update(n) if n else self.bar.refresh()
                return
            now = time.perf_counter()
            if now - self.last_log >= LOG_EVERY_SECONDS:
                print(self.log_line(), file=self.stream, flush=True)
                self.last_log = now

    def _tick(self) -> None:
        interval = REDRAW_SECONDS if self.bar is not None else max(0.05, min(REDRAW_SECONDS, LOG_EVERY_SECONDS))
        while not self._stop.wait(interval):
            self._draw()

    def message(self, text: str) -> None:
        """One line for the user (loading, resume, a dashboard link), above the bar."""
        if not self.enabled:
            return
        with self._lock, _DRAW_LOCK:
            if self.bar is not None:
                self.bar.write(text, file=self.stream)
            else:
                print(text, file=self.stream, flush=True)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock, _DRAW_LOCK:
            if self.bar is not None:
                self.bar.set_postfix_str(self._postfix(), refresh=False)
                self.bar.close()
                self.bar = None
