"""Batch runs: order, one line per input, workers, resume after a crash, shards, stats."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from pipeline.batch import run_batch, stats_path
from pipeline.io import read_inputs

TEXTS = [
    "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdoğan in Ashgabat.",
    "Xi Jinping hosted Vladimir Putin in Beijing on Tuesday.",
    "Emmanuel Macron and Narendra Modi held talks in Paris.",
    "Olaf Scholz met Volodymyr Zelenskyy in Berlin.",
]


def write_dump(path, n, broken_every=0):
    lines = []
    for i in range(n):
        if broken_every and i % broken_every == broken_every - 1:
            lines.append("{not json" if i % 2 else json.dumps({"id": f"d{i}", "text": ""}))
        else:
            lines.append(json.dumps({"id": f"d{i}", "text": f"{TEXTS[i % len(TEXTS)]} Story number {i}."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def factory(annotator):
    return lambda: annotator


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_one_line_per_input_in_order_with_errors(tmp_path, factory):
    dump = write_dump(tmp_path / "dump.jsonl", 30, broken_every=7)
    out = tmp_path / "out.jsonl"
    stats = run_batch(read_inputs([dump]), out, factory, chunk_size=8, progress=False)
    records = read_lines(out)
    assert len(records) == 30 and stats.documents == 30
    assert [r["doc_id"] for r in records][:3] == ["d0", "d1", "d2"]
    assert stats.errors == 4 and set(stats.errors_by_type) == {"EmptyText", "InvalidJSON"}
    saved = json.loads(stats_path(out).read_text())
    assert saved["documents"] == 30 and saved["errors"] == 4 and saved["words"] > 0


def test_batch_two_workers_same_output_as_one(tmp_path, factory):
    dump = write_dump(tmp_path / "dump.jsonl", 40, broken_every=9)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(read_inputs([dump]), one, factory, chunk_size=8, progress=False)
    stats = run_batch(read_inputs([dump]), two, factory, workers=2, chunk_size=5, progress=False)
    assert stats.workers == 2
    assert one.read_bytes() == two.read_bytes()


def test_batch_resume_repairs_partial_line_and_matches_full_run(tmp_path, factory):
    dump = write_dump(tmp_path / "dump.jsonl", 20)
    full, resumed = tmp_path / "full.jsonl", tmp_path / "resumed.jsonl"
    run_batch(read_inputs([dump]), full, factory, chunk_size=4, progress=False)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    resumed.write_text("".join(lines[:7]) + lines[7][:40], encoding="utf-8")  # crash mid-line
    stats = run_batch(read_inputs([dump]), resumed, factory, chunk_size=4, resume=True, progress=False)
    assert stats.resumed_from == 7 and stats.documents == 13
    assert resumed.read_bytes() == full.read_bytes()


def test_batch_shards_hold_the_same_records(tmp_path, factory):
    dump = write_dump(tmp_path / "dump.jsonl", 10)
    plain, sharded = tmp_path / "plain.jsonl", tmp_path / "sharded.jsonl"
    run_batch(read_inputs([dump]), plain, factory, progress=False)
    stats = run_batch(read_inputs([dump]), sharded, factory, shard_size=4, chunk_size=3, progress=False)
    shards = sorted(tmp_path.glob("sharded-*.jsonl.gz"))
    assert [p.name for p in shards] == ["sharded-00000.jsonl.gz", "sharded-00001.jsonl.gz", "sharded-00002.jsonl.gz"]
    assert stats.output == [str(p) for p in shards]
    joined = b"".join(gzip.decompress(p.read_bytes()) for p in shards)
    assert joined == plain.read_bytes()
    # Resuming a sharded run after a crash that damaged the last shard.
    data = shards[-1].read_bytes()
    shards[-1].write_bytes(data[: len(data) // 2])
    run_batch(read_inputs([dump]), sharded, factory, shard_size=4, chunk_size=3, resume=True, progress=False)
    assert b"".join(gzip.decompress(p.read_bytes()) for p in sorted(tmp_path.glob("sharded-*.jsonl.gz"))) == plain.read_bytes()


def test_batch_killed_process_resumes_to_identical_file(tmp_path):
    """A real crash: SIGKILL the CLI mid-run, rerun with --resume, compare with a full run."""
    dump = write_dump(tmp_path / "dump.jsonl", 400)
    crashed, full = tmp_path / "crashed.jsonl", tmp_path / "full.jsonl"
    command = [sys.executable, "-m", "pipeline", "annotate", str(dump), "-q"]
    process = subprocess.Popen([*command, "-o", str(crashed)], cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline and (not crashed.exists() or crashed.stat().st_size < 20000):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = crashed.read_bytes().count(b"\n")
    assert 0 < written < 400, "the run should have been killed part-way"
    assert subprocess.run([*command, "-o", str(crashed), "--resume"], cwd=ROOT).returncode == 0
    assert subprocess.run([*command, "-o", str(full)], cwd=ROOT).returncode == 0
    assert crashed.read_bytes() == full.read_bytes()
    stats = json.loads(stats_path(crashed).read_text())
    assert stats["resumed_from"] == written and stats["documents"] == 400 - written


def test_batch_long_document_chunked_at_blocks_with_valid_offsets(annotator):
    article = (ROOT / "data" / "samples" / "erdogan-putin-ashgabat.txt").read_text(encoding="utf-8")
    short = annotator.annotate(article, doc_id="whole")
    original = annotator.nlp.max_length
    annotator.nlp.max_length = 1500
    try:
        long = annotator.annotate(article, doc_id="pieces")
    finally:
        annotator.nlp.max_length = original
    assert long.status == "ok" and long.text == short.text
    assert [(b.kind, b.start, b.end) for b in long.blocks] == [(b.kind, b.start, b.end) for b in short.blocks]
    for e in long.entities:
        assert long.text[e.start:e.end] == e.text
        assert long.blocks[e.block].start <= e.start
    people = {a.canonical: a.mentions for a in long.actors if a.label == "PERSON"}
    assert people == {a.canonical: a.mentions for a in short.actors if a.label == "PERSON"}
    assert {t.label for t in long.topics} == {t.label for t in short.topics}


def test_batch_ctrl_c_exits_cleanly_with_summary_and_resumable_output(tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", 400)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "annotate", str(dump), "-o", str(out)],
                               cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.stat().st_size < 20000):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert b"(interrupted)" in stderr
    stats = json.loads(stats_path(out).read_text())
    assert stats["interrupted"] is True and stats["documents"] == out.read_bytes().count(b"\n")
    for line in out.read_text(encoding="utf-8").splitlines():
        json.loads(line)


def test_batch_duplicate_ids_kept_renamed_and_reported(tmp_path):
    from fault_runner import StandInAnnotator
    from pipeline.schema import AnnotationRecord

    dump = tmp_path / "dump.jsonl"
    ids = ["a", "b", "a", "a#2", "a", "b"]
    dump.write_text("\n".join(json.dumps({"id": i, "text": f"Text {n}."}) for n, i in enumerate(ids)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch(read_inputs([dump]), out, lambda: StandInAnnotator(0), chunk_size=2, progress=False)
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [AnnotationRecord.model_validate_json(line) for line in lines]
    assert [(r.doc_id, r.source.id) for r in records] == [
        ("a", None), ("b", None), ("a#2", "a"), ("a#2#2", "a#2"), ("a#3", "a"), ("b#2", "b")]
    assert [r.text for r in records] == [f"Text {n}." for n in range(6)] and records[2].source.line == 3
    assert stats.duplicate_ids == 4 and "4 duplicate ids renamed" in stats.summary()
    assert json.loads(stats_path(out).read_text())["duplicate_ids"] == 4
    # A resumed run knows the ids already written.
    out.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    run_batch(read_inputs([dump]), out, lambda: StandInAnnotator(0), chunk_size=2, resume=True, progress=False)
    assert out.read_text(encoding="utf-8").splitlines() == lines
