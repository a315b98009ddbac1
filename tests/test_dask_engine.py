"""The dask engine: the same output as the local engine, on a LocalCluster and on a cluster of
separate `dask scheduler` / `dask worker` processes; retries, a killed worker, resume per
partition; loopback-only ports; no processes left behind; dask never imported by the core."""

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from pipeline.batch import run_batch, stats_path
from pipeline.io import read_inputs

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

from pipeline.engine_dask import annotate_dask, local_cluster, parts_dir, plan_partitions  # noqa: E402

TIMING = {"seconds", "docs_per_second", "words_per_second"}
TEST_SECONDS = 300  # per test: a hung cluster fails the test instead of the CI run
TEXTS = [
    "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdoğan in Ashgabat.",
    "Xi Jinping hosted Vladimir Putin in Beijing on Tuesday. Observers note that the talks could reshape trade.",
    "Emmanuel Macron and Narendra Modi held talks in Paris on energy and defence.",
    "Olaf Scholz met Volodymyr Zelenskyy in Berlin.",
]
HTML = """<html><head><title>Summit</title><meta property="article:published_time" content="2025-03-04"></head>
<body><nav>Home | World | Sport</nav><article><h1>Sisi and Meloni meet in Cairo</h1>
<p>Egyptian President Abdel Fattah el-Sisi met Italian Prime Minister Giorgia Meloni in Cairo on Monday.</p>
<p>Talks focused on migration and energy. Analysts say the deal could reshape Mediterranean trade.</p></article>
<footer>Copyright 2025</footer></body></html>"""


@pytest.fixture(autouse=True)
def bounded_time(request):
    """Fail a test that runs past TEST_SECONDS (SIGALRM interrupts any wait in the main thread)."""

    def expired(signum, frame):
        raise TimeoutError(f"{request.node.name} took more than {TEST_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _jsonl_lines(n: int, prefix: str) -> list[str]:
    lines = []
    for i in range(n):
        if i % 7 == 3:
            lines.append("{not json")
        elif i % 7 == 5:
            lines.append(json.dumps({"id": f"{prefix}{i}", "text": "  "}))
        else:
            lines.append(json.dumps({"id": f"{prefix}{i}", "text": f"{TEXTS[i % len(TEXTS)]} Story {i}.", "url": f"https://e.org/{i}"}))
        if i % 9 == 8:
            lines.append("")  # a blank line: no document, but it counts for line numbers
    return lines


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory):
    """Several files: a directory (txt, md, html, bad bytes, empty), a JSONL with broken lines
    and a non-UTF-8 line, a .jsonl.gz, and one HTML page."""
    root = tmp_path_factory.mktemp("dask-in")
    texts = root / "texts"
    (texts / "sub").mkdir(parents=True)
    (texts / "a.txt").write_text(TEXTS[0] + "\n\nSure! Here is the rewritten article:", encoding="utf-8")
    (texts / "b.md").write_text("# Xi meets Putin\n\n" + TEXTS[1], encoding="utf-8")
    (texts / "sub" / "c.html").write_text(HTML, encoding="utf-8")
    (texts / "sub" / "latin1.txt").write_bytes("Caf\xe9 talks in Paris.".encode("latin-1"))
    (texts / "sub" / "empty.txt").write_text("", encoding="utf-8")
    dump = root / "dump.jsonl"
    dump.write_bytes(("\n".join(_jsonl_lines(30, "d")) + "\n").encode() + b'{"id": "bytes", "text": "caf\xe9"}\n\n')
    with gzip.open(root / "more.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(_jsonl_lines(13, "g")) + "\n")
    (root / "page.html").write_text(HTML.replace("Cairo", "Rome"), encoding="utf-8")
    return [str(texts), str(dump), str(root / "more.jsonl.gz"), str(root / "page.html")]


@pytest.fixture(scope="module")
def local_reference(mixed_inputs, annotator, tmp_path_factory):
    """The local engine's OUT, shards and stats on the same input."""
    directory = tmp_path_factory.mktemp("dask-local")
    out = directory / "out.jsonl"
    stats = run_batch(read_inputs(mixed_inputs), out, lambda: annotator, progress=False)
    sharded = directory / "sharded.jsonl"
    run_batch(read_inputs(mixed_inputs), sharded, lambda: annotator, shard_size=7, progress=False)
    shards = [gzip.decompress(p.read_bytes()) for p in sorted(directory.glob("sharded-*.jsonl.gz"))]
    return {"out": out.read_bytes(), "stats": json.loads(stats_path(out).read_text()), "shards": shards,
            "documents": stats.documents}


def _comparable(stats: dict) -> dict:
    return {k: ([os.path.basename(p) for p in v] if k == "output" else v) for k, v in stats.items()
            if k not in TIMING and k != "workers"}


def _cluster_children() -> list:
    """Processes this test process started that are not multiprocessing's resource tracker."""
    alive = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                alive.append(child)
        except psutil.NoSuchProcess:
            pass
    return alive


def _wait_until_gone(processes, timeout: float = 30.0) -> list:
    deadline = time.time() + timeout
    while time.time() < deadline:
        processes = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not processes:
            return []
        time.sleep(0.2)
    return processes


@pytest.fixture(scope="module")
def client():
    """The engine's LocalCluster with 2 single-threaded worker processes on 127.0.0.1, shut
    down afterwards with a check that none of its processes is left."""
    before = {p.pid for p in _cluster_children()}
    cluster = local_cluster(2)
    try:
        with distributed.Client(cluster) as dask_client:
            dask_client.wait_for_workers(2, timeout=120)
            yield dask_client
    finally:
        cluster.close(timeout=60)
    leftovers = _wait_until_gone([p for p in _cluster_children() if p.pid not in before])
    assert not leftovers, f"cluster processes left behind: {[p.cmdline() for p in leftovers]}"


def test_dask_output_byte_identical_to_local_engine(client, mixed_inputs, local_reference, tmp_path):
    out = tmp_path / "out.jsonl"
    stats = annotate_dask(mixed_inputs, out, client=client, partition_size=4, progress=False)
    assert out.read_bytes() == local_reference["out"]
    saved = json.loads(stats_path(out).read_text())
    assert _comparable(saved) == _comparable(local_reference["stats"]) and saved["workers"] == 2
    assert stats.documents == local_reference["documents"] == out.read_bytes().count(b"\n")
    # one record per input document, errors included, in input order
    planned = list(plan_partitions(mixed_inputs, 4))
    assert sum(p.documents for p in planned) == stats.documents and len(planned) > 5
    assert {type(piece).__name__ for p in planned for piece in p.pieces} == {"FilePiece", "RangePiece", "LinesPiece"}
    assert stats.errors == local_reference["stats"]["errors"] > 0
    assert not parts_dir(out).exists()


def test_dask_shards_identical_to_local_engine(client, mixed_inputs, local_reference, tmp_path):
    out = tmp_path / "sharded.jsonl"
    stats = annotate_dask(mixed_inputs, out, client=client, partition_size=5, shard_size=7, progress=False)
    shards = sorted(tmp_path.glob("sharded-*.jsonl.gz"))
    assert [gzip.decompress(p.read_bytes()) for p in shards] == local_reference["shards"]
    assert stats.output == [str(p) for p in shards]


def test_dask_cluster_listens_on_loopback_only(client):
    """Scheduler, nannies (in this process) and workers: every listening socket is on 127.0.0.1."""
    processes = [psutil.Process()] + [psutil.Process(pid) for pid in set(client.run(os.getpid).values())]
    addresses = {c.laddr.ip for p in processes for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
    assert addresses == {"127.0.0.1"}


def test_dask_failing_partition_is_retried(client, mixed_inputs, local_reference, tmp_path):
    marker = str(tmp_path / "failed-once")

    def fail_once():
        import pipeline.engine_dask as engine

        original = engine.partition_documents

        def flaky(partition, *args):
            if partition.index == 2:
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
                    raise OSError("injected: the shared filesystem hiccupped")
                except FileExistsError:
                    pass
            return original(partition, *args)

        flaky.original = original
        engine.partition_documents = flaky

    def restore():
        import pipeline.engine_dask as engine

        engine.partition_documents = getattr(engine.partition_documents, "original", engine.partition_documents)

    client.run(fail_once)
    try:
        out = tmp_path / "out.jsonl"
        annotate_dask(mixed_inputs, out, client=client, partition_size=4, retries=1, progress=False)
        assert os.path.exists(marker), "the failure was not injected"
        assert out.read_bytes() == local_reference["out"]
        os.unlink(marker)
        from pipeline.engines import PartitionError

        with pytest.raises(PartitionError, match="partition 2 .* failed after 1 attempt"):
            annotate_dask(mixed_inputs, tmp_path / "no-retry.jsonl", client=client, partition_size=4, retries=0, progress=False)
    finally:
        client.run(restore)


def test_dask_resume_redoes_only_unfinished_partitions(client, mixed_inputs, local_reference, tmp_path):
    out = tmp_path / "out.jsonl"
    seen: list[int] = []

    def stop_after_three(index: int) -> None:
        seen.append(index)
        if len(seen) == 3:
            raise KeyboardInterrupt

    stats = annotate_dask(mixed_inputs, out, client=client, partition_size=3, progress=False, on_partition=stop_after_three)
    assert stats.interrupted and len(seen) == 3 and stats.documents < local_reference["documents"]
    # a crash in the middle of writing a line, on top of the interruption
    data = out.read_bytes()
    out.write_bytes(data[: len(data) - 25])
    lines_kept = out.read_bytes().count(b"\n")
    partitions = list(plan_partitions(mixed_inputs, 3))
    saved = {int(p.name[5:12]) for p in parts_dir(out).glob("part-*.jsonl")}
    expected = {p.index for p in partitions if p.end > lines_kept and p.index not in saved}
    redone: list[int] = []
    stats = annotate_dask(mixed_inputs, out, client=client, partition_size=3, resume=True, progress=False,
                          on_partition=redone.append)
    assert out.read_bytes() == local_reference["out"]
    assert sorted(redone) == sorted(expected)
    assert len(set(seen) - set(redone)) >= 2  # of the 3 finished, only the one cut mid-line may be redone
    assert stats.resumed_from == lines_kept and stats.documents == local_reference["documents"] - lines_kept
    assert not parts_dir(out).exists()


def test_dask_worker_killed_mid_run_result_complete_and_identical(client, mixed_inputs, local_reference, tmp_path):
    marker = str(tmp_path / "killed")
    WorkerPlugin = distributed.diagnostics.plugin.WorkerPlugin

    class KillOnPartition(WorkerPlugin):
        """SIGKILLs its worker process when partition 3 starts executing there (once in all)."""

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and str(key).endswith("-3") and "newsclaims-partition" in str(key):
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    return
                os.kill(os.getpid(), signal.SIGKILL)

    pids_before = set(client.run(os.getpid).values())
    client.register_plugin(KillOnPartition(), name="kill-on-partition-3")
    try:
        out = tmp_path / "out.jsonl"
        stats = annotate_dask(mixed_inputs, out, client=client, partition_size=3, progress=False)
    finally:
        client.unregister_worker_plugin("kill-on-partition-3")
    assert os.path.exists(marker), "no worker was killed"
    assert out.read_bytes() == local_reference["out"]
    assert stats.documents == local_reference["documents"]
    client.wait_for_workers(2, timeout=120)  # the nanny restarted the killed worker
    assert set(client.run(os.getpid).values()) != pids_before


def test_dask_own_local_cluster_started_and_shut_down(mixed_inputs, local_reference, tmp_path):
    before = {p.pid for p in _cluster_children()}
    out = tmp_path / "out.jsonl"
    stats = annotate_dask(mixed_inputs, out, workers=1, partition_size=8, progress=False)
    assert out.read_bytes() == local_reference["out"] and stats.workers == 1
    assert _comparable(json.loads(stats_path(out).read_text())) == _comparable(local_reference["stats"])
    leftovers = _wait_until_gone([p for p in _cluster_children() if p.pid not in before])
    assert not leftovers, f"processes left behind: {[p.cmdline() for p in leftovers]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Stop a process group started by a test: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def test_cli_on_separate_dask_scheduler_and_worker_processes(mixed_inputs, local_reference, tmp_path):
    """As a user with a real cluster: `dask scheduler`, `dask worker`, `newsclaims annotate --scheduler`."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask_cli = [sys.executable, "-m", "dask"]
    logs = tmp_path / "logs"
    logs.mkdir()
    started = []
    try:
        with open(logs / "scheduler.log", "wb") as log:
            started.append(subprocess.Popen([*dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                             "--dashboard-address", "127.0.0.1:0"], stdout=log, stderr=log,
                                            start_new_session=True, cwd=tmp_path))
        with open(logs / "worker.log", "wb") as log:
            started.append(subprocess.Popen([*dask_cli, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                             "--host", "127.0.0.1", "--no-dashboard"], stdout=log, stderr=log,
                                            start_new_session=True, cwd=tmp_path))
        out = tmp_path / "out.jsonl"
        result = subprocess.run([sys.executable, "-m", "pipeline", "annotate", *mixed_inputs, "-o", str(out),
                                 "--scheduler", address, "--partition-size", "6"],
                                cwd=ROOT, capture_output=True, timeout=240)
        assert result.returncode == 1, result.stderr.decode()[-3000:]  # 1: the input has error records
        assert out.read_bytes() == local_reference["out"]
        saved = json.loads(stats_path(out).read_text())
        assert _comparable(saved) == _comparable(local_reference["stats"]) and saved["workers"] == 1
        assert b"Dask worker(s) ready" in result.stderr and b"documents" in result.stderr
    finally:
        trees = []
        for process in started:
            try:
                trees += [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        for process in reversed(started):
            _stop(process)
        leftovers = _wait_until_gone(trees)
        for process in leftovers:
            process.kill()
    assert not leftovers, f"dask processes left behind: {[p.pid for p in leftovers]}"


def test_core_never_imports_dask():
    code = ("import sys, pipeline.cli, pipeline.engines, pipeline.batch, pipeline.io\n"
            "assert not {'dask', 'distributed'} & set(sys.modules), sorted(m for m in sys.modules if 'dask' in m)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=120).returncode == 0


def test_missing_input_is_a_usage_error_before_any_cluster_starts(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "annotate", str(tmp_path / "nope.jsonl"), "-o",
                             str(tmp_path / "out.jsonl"), "--engine", "dask"], cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 2 and b"does not exist" in result.stderr
