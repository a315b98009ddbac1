"""The progress display: input totals, rates, ETA, plain log lines, the terminal bar."""

import gzip
import io
import threading
import time

import pytest

from pipeline import progress as progress_module
from pipeline.batch import BatchStats
from pipeline.io import read_inputs
from pipeline.progress import InputCounter, Progress, count_documents, format_duration


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def _stats(documents, words_each=100, errors=0):
    stats = BatchStats()
    for i in range(documents):
        stats.add("error" if i < errors else "ok", "EmptyText" if i < errors else None, words_each)
    return stats


@pytest.fixture
def mixed_inputs(tmp_path):
    """A directory with text, HTML and JSONL files (blank lines, no final newline) and a .gz."""
    folder = tmp_path / "dump"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("one")
    (folder / "sub" / "b.html").write_text("<p>two</p>")
    (folder / "ignored.csv").write_text("x,y")
    (folder / "c.jsonl").write_bytes(b'{"id": 1, "text": "x"}\n\n  \t\n{"id": 2, "text": "y"}\n{broken\n{"id": 3}')
    lines = b"".join(b'{"id": %d, "text": "z"}\n' % i for i in range(2500)) + b"\r\n"
    (tmp_path / "big.jsonl.gz").write_bytes(gzip.compress(lines))
    return [folder, tmp_path / "big.jsonl.gz"]


def test_progress_count_matches_what_read_inputs_yields(mixed_inputs, monkeypatch):
    monkeypatch.setattr(progress_module, "_BLOCK", 7)  # lines cut across read blocks
    assert count_documents(mixed_inputs) == sum(1 for _ in read_inputs(mixed_inputs)) == 2 + 4 + 2500


def test_progress_count_unknown_for_stdin(mixed_inputs):
    assert count_documents([*mixed_inputs, "-"]) is None


def test_progress_counter_gives_up_instead_of_delaying_the_run(mixed_inputs, monkeypatch):
    started = threading.Event()
    real = progress_module._count_jsonl

    def slow(path, stop):
        started.set()
        stop.wait(30)
        return real(path, stop)

    monkeypatch.setattr(progress_module, "_count_jsonl", slow)
    counter = InputCounter(mixed_inputs)
    started.wait(5)
    begin = time.perf_counter()
    assert counter.result(wait=0.2) is None
    assert time.perf_counter() - begin < 5 and not counter._thread.is_alive()


def test_progress_format_duration():
    assert [format_duration(s) for s in (0, 9.4, 138, 3840)] == ["0s", "9s", "2m18s", "1h04m"]


def test_progress_log_line_has_total_rates_errors_and_eta(monkeypatch):
    monkeypatch.setattr(progress_module, "LOG_EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    bar = Progress(True, stream=stream)
    bar.start(total=40)
    bar.started -= 10.0  # 10 documents in 10 s: 1 doc/s, 100 words/s, 30 s to go
    bar.update(_stats(10, errors=2), 10)
    bar.close()
    line = next(line for line in stream.getvalue().splitlines() if "10/40" in line)
    assert line.startswith("newsclaims: 10/40 documents (25 %), ETA 30s, 1.0 docs/s, 100 words/s, 2 errors")


def test_progress_eta_counts_down_between_updates():
    bar = Progress(True, stream=io.StringIO())
    bar.start(total=20)
    bar.started -= 10.0
    bar.update(_stats(10), 10)
    bar.last_change -= 4.0  # 4 s later, no new document yet
    assert "ETA 6s" in bar._postfix()
    bar.close()


def test_progress_resume_counts_only_this_runs_documents(monkeypatch):
    monkeypatch.setattr(progress_module, "LOG_EVERY_SECONDS", 0.0)
    stream = io.StringIO()
    bar = Progress(True, skipped=500, stream=stream)
    bar.start(total=100)
    bar.update(_stats(5), 5)
    bar.close()
    assert "5/100 documents" in stream.getvalue()


def test_progress_terminal_bar_redraws_every_second_without_updates():
    stream = FakeTerminal()
    bar = Progress(True, stream=stream)
    bar.start(total=10)
    bar.update(_stats(4), 4)
    drawn = stream.getvalue().count("\r")
    time.sleep(2.3)
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") >= drawn + 2  # elapsed time and ETA move while a chunk runs
    assert "4/10" in text and "docs/s" in text and "words/s" in text and "ETA" in text


def test_progress_disabled_writes_nothing():
    stream = FakeTerminal()
    bar = Progress(False, stream=stream)
    bar.start(total=3)
    bar.message("newsclaims: loading pipeline ...")
    bar.update(_stats(3), 3)
    bar.close()
    assert stream.getvalue() == ""
