"""Faults: a batch killed (SIGKILL) at random points and resumed, components that raise, a full
disk or an unwritable output, paths that must never be written, and what is never unpickled.

The kill and disk tests run tests/fault_runner.py in a subprocess: the real batch machinery
(reading, workers, output, resume) around a stand-in annotator that costs milliseconds, so
several kills fit in a few seconds."""

import gzip
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from conftest import ROOT
from fault_runner import StandInAnnotator
from pipeline.api import Annotator
from pipeline.batch import OutputError, annotate_documents, run_batch, stats_path
from pipeline.clean import CleanConfig
from pipeline.io import InputError, check_output, read_inputs

RUNNER = ROOT / "tests" / "fault_runner.py"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}


def write_dump(path: Path, n: int) -> Path:
    lines = []
    for i in range(n):
        if i % 17 == 5:
            lines.append("{not json")
        else:
            lines.append(json.dumps({"id": f"d{i % 150}", "text": f"Story {i}: Putin met Erdoğan in Ashgabat. " * 3}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def runner(dump: Path, out: Path, workers: int, shard_size: int, resume: bool, *extra: str) -> list[str]:
    return [sys.executable, str(RUNNER), str(dump), str(out), str(workers), str(shard_size), "1" if resume else "0", *extra]


def output_bytes(out: Path, shard_size: int) -> bytes:
    """The records of a run, decompressed and joined when it is sharded."""
    if not shard_size:
        return out.read_bytes() if out.exists() else b""
    shards = sorted(out.parent.glob(out.name.removesuffix(".jsonl") + "-*.jsonl.gz"))
    return b"".join(gzip.decompress(p.read_bytes()) for p in shards)


def written_size(out: Path, shard_size: int) -> int:
    if not shard_size:
        return out.stat().st_size if out.exists() else 0
    return sum(p.stat().st_size for p in out.parent.glob(out.name.removesuffix(".jsonl") + "-*.jsonl.gz"))


@pytest.mark.parametrize("workers,shard_size", [(1, 0), (2, 0), (2, 90)])
def test_faults_sigkill_at_random_points_then_resume_equals_uninterrupted_run(tmp_path, workers, shard_size):
    """Three SIGKILLs at random sizes of the output (one may land before anything is written),
    each followed by --resume, give the bytes of a run that was never interrupted; worker
    processes die with their parent instead of lingering."""
    psutil = pytest.importorskip("psutil")
    dump = write_dump(tmp_path / "dump.jsonl", 600)
    reference = tmp_path / "reference.jsonl"
    run_batch(read_inputs([dump]), reference, lambda: StandInAnnotator(0), shard_size=shard_size or None,
              chunk_size=8, progress=False)
    expected = output_bytes(reference, shard_size)
    total = written_size(reference, shard_size)
    out = tmp_path / "crashed.jsonl"
    rng = random.Random(f"{workers}-{shard_size}")
    kills = 0
    for attempt in range(3):
        process = subprocess.Popen(runner(dump, out, workers, shard_size, attempt > 0), env=ENV, cwd=ROOT)
        threshold = rng.uniform(0, 0.8) * total
        deadline = time.time() + 60
        while process.poll() is None and time.time() < deadline and written_size(out, shard_size) <= threshold:
            time.sleep(0.01)
        children = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"worker processes outlived their killed parent: {[p.pid for p in alive]}"
    assert kills >= 2, "the runs should have been killed part-way"
    assert subprocess.run(runner(dump, out, workers, shard_size, True), env=ENV, cwd=ROOT, timeout=120).returncode == 0
    assert output_bytes(out, shard_size) == expected
    renamed = [json.loads(line) for line in expected.splitlines() if b'"d7#' in line]
    assert [(r["doc_id"], r["source"]["id"]) for r in renamed] == [("d7#2", "d7"), ("d7#3", "d7"), ("d7#4", "d7")]


def test_faults_worker_killed_mid_run_loses_nothing_and_never_hangs(tmp_path):
    """SIGKILL one of two workers (the OOM killer's way): the run finishes, identical."""
    psutil = pytest.importorskip("psutil")
    dump = write_dump(tmp_path / "dump.jsonl", 1500)
    reference = tmp_path / "reference.jsonl"
    run_batch(read_inputs([dump]), reference, lambda: StandInAnnotator(0), chunk_size=8, progress=False)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(runner(dump, out, 2, 0, False), env=ENV, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while process.poll() is None and time.time() < deadline and written_size(out, 0) < 20000:
        time.sleep(0.01)
    workers = psutil.Process(process.pid).children()
    assert process.poll() is None and workers, "the run should still be going"
    workers[0].kill()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert out.read_bytes() == reference.read_bytes()


def test_faults_ctrl_c_with_workers_stops_cleanly_and_leaves_a_resumable_output(tmp_path):
    """Ctrl-C on a terminal reaches the whole process group: the workers leave it to the
    parent, which stops them, keeps only complete lines and exits 130 without a traceback."""
    dump = write_dump(tmp_path / "dump.jsonl", 1500)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(runner(dump, out, 2, 0, False), env=ENV, cwd=ROOT, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 60
    while process.poll() is None and time.time() < deadline and written_size(out, 0) < 20000:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and b"Traceback" not in stderr, stderr.decode()[-2000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 1500 and json.loads(stats_path(out).read_text())["documents"] == len(lines)
    assert subprocess.run(runner(dump, out, 2, 0, True), env=ENV, cwd=ROOT, timeout=120).returncode == 0
    reference = tmp_path / "reference.jsonl"
    run_batch(read_inputs([dump]), reference, lambda: StandInAnnotator(0), chunk_size=8, progress=False)
    assert out.read_bytes() == reference.read_bytes()


class _Killer(StandInAnnotator):
    """Ends its process on the document that says KILLME (a segfault, an OOM kill)."""

    def annotate_stream(self, documents, spill=False):
        for doc in documents:
            if doc.text and "KILLME" in doc.text:
                os._exit(9)
            yield from super().annotate_stream([doc])


def test_faults_document_that_kills_its_worker_becomes_one_error_record(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": "KILLME now" if i == 21 else f"Story {i}."}) for i in range(50)]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch(read_inputs([tmp_path / "dump.jsonl"]), out, lambda: _Killer(0), workers=2, chunk_size=8, progress=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == [f"d{i}" for i in range(50)]
    assert [(r["doc_id"], r["error"]["type"]) for r in records if r["status"] == "error"] == [("d21", "WorkerDied")]
    assert stats.errors_by_type == {"WorkerDied": 1}


@Language.component("newsclaims_test_boom")
def _boom(doc):
    """Raises on the documents that say BOOM: a component bug that must cost one record only."""
    if "BOOM" in doc.text:
        raise ValueError("simulated component failure")
    return doc


@pytest.fixture(scope="module")
def fragile_annotator():
    """The real Annotator around a blank English pipeline plus the raising component."""
    from pipeline import linking, structure

    structure._register_extensions()  # what the real components register (idempotent)
    linking._register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("newsclaims_test_boom")
    return Annotator(nlp, CleanConfig())


def fragile_dump(path: Path) -> Path:
    lines = [json.dumps({"id": f"d{i}", "text": f"Story {i}. " + ("BOOM here." if i in (3, 12, 13) else "Calm.")})
             for i in range(40)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_faults_component_raising_gives_error_record_for_that_document_only(tmp_path, fragile_annotator, workers):
    dump = fragile_dump(tmp_path / "dump.jsonl")
    out = tmp_path / "out.jsonl"
    stats = run_batch(read_inputs([dump]), out, lambda: fragile_annotator, workers=workers, chunk_size=8, progress=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == [f"d{i}" for i in range(40)]
    failed = {r["doc_id"]: r["error"] for r in records if r["status"] == "error"}
    assert set(failed) == {"d3", "d12", "d13"}
    assert all(e["type"] == "ComponentError" and "simulated component failure" in e["message"] for e in failed.values())
    assert stats.errors == 3 and stats.ok == 37


def test_faults_component_raising_in_the_function_dask_workers_call(fragile_annotator, tmp_path):
    """annotate_documents is what both engines run per chunk or partition."""
    documents = list(read_inputs([fragile_dump(tmp_path / "dump.jsonl")]))
    results = annotate_documents(fragile_annotator, documents)
    assert [status for _, status, _, _ in results].count("error") == 3
    assert [json.loads(line)["doc_id"] for line, *_ in results] == [d.doc_id for d in documents]


def test_faults_cleaner_and_record_builder_raising_give_error_records(fragile_annotator, monkeypatch):
    import pipeline.api

    real_clean, real_record = pipeline.api.clean_owned_text, pipeline.api.doc_to_record

    def clean(box, config):
        if "BADCLEAN" in box[0]:
            raise RuntimeError("cleaner bug")
        return real_clean(box, config)

    def record(doc, *args):
        if "BADRECORD" in doc.text:
            raise RuntimeError("record bug")
        return real_record(doc, *args)

    monkeypatch.setattr(pipeline.api, "clean_owned_text", clean)
    monkeypatch.setattr(pipeline.api, "doc_to_record", record)
    from pipeline.io import InputDocument
    from pipeline.schema import Source

    docs = [InputDocument(name, f"Text {name}.", Source()) for name in ("ok1", "BADCLEAN", "BADRECORD", "ok2")]
    records = list(fragile_annotator.annotate_stream(docs))
    assert [(r.doc_id, r.status, r.error.type if r.error else None) for r in records] == [
        ("ok1", "ok", None), ("BADCLEAN", "error", "CleaningError"), ("BADRECORD", "error", "RecordError"), ("ok2", "ok", None)]


# --- a full disk, an unwritable output ------------------------------------------------------


def test_faults_disk_full_stops_with_clear_error_complete_lines_and_resumes(tmp_path):
    """Writes fail past 40 kB (RLIMIT_FSIZE: EFBIG, as ENOSPC would): exit 3 with one clear
    message and no traceback, only complete lines in OUT, and --resume finishes the run."""
    dump = write_dump(tmp_path / "dump.jsonl", 300)
    reference = tmp_path / "reference.jsonl"
    run_batch(read_inputs([dump]), reference, lambda: StandInAnnotator(0), chunk_size=8, progress=False)
    out = tmp_path / "out.jsonl"
    result = subprocess.run(runner(dump, out, 1, 0, False, "40000"), env=ENV, cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 3
    assert b"Traceback" not in result.stderr and b"cannot write" in result.stderr and str(out).encode() in result.stderr
    data = out.read_bytes()
    assert 0 < len(data) <= 40000 and data.endswith(b"\n")
    assert reference.read_bytes().startswith(data)
    assert subprocess.run(runner(dump, out, 1, 0, True), env=ENV, cwd=ROOT, timeout=120).returncode == 0
    assert out.read_bytes() == reference.read_bytes()


def test_faults_dev_full_raises_output_error_not_a_crash():
    documents = read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(b'{"id": "a", "text": "x"}\n')))
    with pytest.raises(OutputError, match="cannot write /dev/full"):
        run_batch(documents, Path("/dev/full"), lambda: StandInAnnotator(0), progress=False)


def test_faults_cli_unwritable_output_is_a_usage_error_before_the_model_loads(tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", 3)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = subprocess.run([sys.executable, "-m", "pipeline", "annotate", str(dump), "-o", str(blocker / "out.jsonl")],
                            cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 2 and b"not a writable directory" in result.stderr and b"Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "dump.jsonl"]  # refused before anything ran


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only directory")
def test_faults_read_only_output_directory_is_refused(tmp_path):
    target = tmp_path / "locked"
    target.mkdir()
    target.chmod(0o500)
    try:
        with pytest.raises(InputError, match="not a writable directory"):
            check_output([], target / "out.jsonl")
    finally:
        target.chmod(0o700)


# --- paths: the tool writes only where it is told -----------------------------------------------


def test_faults_output_never_overwrites_or_reads_its_input(tmp_path):
    (tmp_path / "in").mkdir()
    dump = write_dump(tmp_path / "in" / "dump.jsonl", 3)
    with pytest.raises(InputError, match="also an input"):
        check_output([dump], dump)
    with pytest.raises(InputError, match="also an input"):
        check_output([str(tmp_path / "in" / "*.jsonl")], tmp_path / "in" / "." / "dump.jsonl")
    with pytest.raises(InputError, match="inside the input directory"):
        check_output([tmp_path / "in"], tmp_path / "in" / "sub" / "out.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        check_output([dump], tmp_path)
    shard = tmp_path / "in" / "run-00003.jsonl.gz"
    shard.write_bytes(gzip.compress(b""))
    with pytest.raises(InputError, match="also an input"):  # a fresh sharded run would delete it
        check_output([shard], tmp_path / "in" / "run.jsonl", shard_size=10)
    check_output([shard], tmp_path / "in" / "run.jsonl")
    check_output([dump], tmp_path / "out" / "run.jsonl")  # beside the input is fine
    assert dump.read_bytes().count(b"\n") == 3


def test_faults_ids_never_become_paths(tmp_path):
    """Ids like '../../x' or '/etc/passwd' are data: only OUT and OUT.stats.json are written."""
    work = tmp_path / "work"
    (work / "run").mkdir(parents=True)
    dump = tmp_path / "dump.jsonl"
    ids = ["../../escape", "/tmp/absolute", "a/../../b", "..", "CON", "x\x00y"]
    dump.write_text("\n".join(json.dumps({"id": i, "text": "Some text."}) for i in ids) + "\n", encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    run_batch(read_inputs([dump]), work / "run" / "out.jsonl", lambda: StandInAnnotator(0), progress=False)
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {work / "run" / "out.jsonl", work / "run" / "out.stats.json"}
    assert [json.loads(line)["doc_id"] for line in (work / "run" / "out.jsonl").read_text().splitlines()] == ids


def test_faults_nothing_read_from_input_is_unpickled_or_evaluated():
    """No pickle, marshal, eval or exec on anything the pipeline reads; configs go through
    spaCy's config parser (interpolate=False) and JSON. (Dask pickles its own task objects:
    README, Running on a cluster.)"""
    forbidden = re.compile(r"\b(pickle|cPickle|marshal|shelve|dill|cloudpickle)\b|\beval\(|\bexec\(|yaml\.load\(|torch\.load\(")
    offenders = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if forbidden.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_faults_cli_max_chars_duplicate_ids_and_hostile_lines_one_record_each(tmp_path):
    """The real CLI: --max-chars refuses the long text (limit and length in the message), a
    repeated id is renamed and reported, bad lines are error records, one line per input."""
    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": "short", "text": "Vladimir Putin met Recep Tayyip Erdoğan in Ashgabat."}),
             json.dumps({"id": "long", "text": "Putin spoke. " * 40}),
             "[1, 2, 3]",
             json.dumps({"id": "short", "text": "Xi Jinping hosted Putin in Beijing."})]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "pipeline", "annotate", str(dump), "-o", str(out), "--max-chars", "200"],
                            cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc_id"], r["status"], r["error"] and r["error"]["type"]) for r in records] == [
        ("short", "ok", None), ("long", "error", "TooLong"), ("dump.jsonl:3", "error", "InvalidRecord"), ("short#2", "ok", None)]
    assert "520 characters" in records[1]["error"]["message"] and "limit of 200" in records[1]["error"]["message"]
    assert records[3]["source"]["id"] == "short" and records[0]["schema_version"] == "1.2"
    assert b"1 duplicate ids renamed" in result.stderr and b"TooLong: 1" in result.stderr


def test_faults_dask_engine_same_error_records_renames_and_limits_as_local(tmp_path, fragile_annotator, monkeypatch):
    """The Dask engine on an in-process cluster, its workers given the fragile annotator:
    component errors, --max-chars, an oversized line, a broken line and repeated ids give
    the local engine's bytes."""
    distributed = pytest.importorskip("distributed")
    import pipeline.io
    from pipeline import engine_dask
    from pipeline.engines import AnnotatorSettings
    from pipeline.io import limit_length

    monkeypatch.setattr(pipeline.io, "MAX_INPUT_BYTES", 5000)
    dump = fragile_dump(tmp_path / "dump.jsonl")
    with open(dump, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "d3", "text": "Repeated id. " * 5}) + "\n")
        handle.write(json.dumps({"id": "long", "text": "Long text. " * 40}) + "\n")
        handle.write(json.dumps({"id": "huge", "text": "x" * 6000}) + "\n{broken\n")
    settings = AnnotatorSettings(max_chars=300)
    local = tmp_path / "local.jsonl"
    run_batch(limit_length(read_inputs([dump]), 300), local, lambda: fragile_annotator, chunk_size=8, progress=False)
    monkeypatch.setitem(engine_dask._ANNOTATORS, settings.portable(), fragile_annotator)
    remote = tmp_path / "dask.jsonl"
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                                  dashboard_address="127.0.0.1:0") as cluster, distributed.Client(cluster) as client:
        stats = engine_dask.annotate_dask([dump], remote, client=client, settings=settings, partition_size=7, progress=False)
    assert remote.read_bytes() == local.read_bytes()
    records = [json.loads(line) for line in remote.read_text(encoding="utf-8").splitlines()]
    errors = {r["doc_id"]: r["error"]["type"] for r in records if r["error"]}
    assert errors == {"d3": "ComponentError", "d12": "ComponentError", "d13": "ComponentError", "long": "TooLong",
                      "dump.jsonl:43": "TooLarge", "dump.jsonl:44": "InvalidJSON"}
    assert stats.duplicate_ids == 1 and records[40]["doc_id"] == "d3#2" and records[40]["source"]["id"] == "d3"
