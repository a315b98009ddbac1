"""The dask engine against the local engine, on the same corpus, in one run.

    .venv/bin/python benchmarks/dask_engine.py                    # 200k words, 3 rounds (~8 min here)
    .venv/bin/python benchmarks/dask_engine.py --words 50000 --repeats 1

Configurations, each in a fresh subprocess (so memory peaks and CPU never mix):

- ``local2``: ``run_batch(..., workers=2)`` (what ``--workers 2`` runs); timed from the
  model load's end to the return of ``run_batch``.
- ``dask2`` / ``dask1``: a LocalCluster of 2 / 1 single-threaded worker processes on
  127.0.0.1. Timed separately: the cluster start (processes up, then the pipeline loaded on
  every worker by the plugin), and the run (``annotate_dask(..., client=...)``, partitions
  of 64 documents, the same input and output as local2). Then the per-partition overhead:
  256 one-sentence documents in partitions of 1 and of 128; the difference in
  worker-seconds divided by the difference in partitions.

Every output is checked to be byte-identical to local2's. Ratios are taken within a round
(configurations minutes apart), then the median over rounds. The projection for 10M
articles uses dask1's words/s per worker, the 1 -> 2 worker scaling and the per-partition
overhead; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    CLK_TCK, RESULTS_DIR, build_corpus, code_fingerprint, loadavg, median, process_tree, run_child,
)

BATCH_SIZE = 16
PARTITION_SIZE = 64
CONFIGS = {"local2": ("local", 2), "dask2": ("dask", 2), "dask1": ("dask", 1)}
OVERHEAD_DOCS = 256
OVERHEAD_SIZES = (1, 128)
ARTICLES, WORDS_PER_ARTICLE = 10_000_000, 700


def tree_cpu_seconds(root: int) -> float:
    """user+system CPU of a live process tree (dask workers are children of this process)."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / CLK_TCK


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _tiny_corpus(path: Path) -> Path:
    sentence = "Vladimir Putin met Recep Tayyip Erdoğan in Ashgabat on Tuesday."
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(OVERHEAD_DOCS):
            handle.write(json.dumps({"id": f"tiny-{i}", "text": f"{sentence} Item {i}."}, ensure_ascii=False) + "\n")
    return path


def child_local(workers: int, corpus: Path, tmp: Path) -> dict:
    import gc

    import pipeline
    from pipeline.batch import run_batch
    from pipeline.io import read_inputs

    marks: dict = {}

    def factory():
        annotator = pipeline.load()
        annotator.nlp.batch_size = BATCH_SIZE
        gc.collect()
        marks["t0"], marks["c0"] = time.perf_counter(), os.times()
        return annotator

    out = tmp / "out.jsonl"
    stats = run_batch(read_inputs([corpus]), out, factory, workers=workers, progress=False)
    t1, c1 = time.perf_counter(), os.times()
    c0 = marks["c0"]
    cpu = (c1.user + c1.system + c1.children_user + c1.children_system) - (c0.user + c0.system + c0.children_user + c0.children_system)
    return {"seconds": round(t1 - marks["t0"], 3), "cpu_s": round(cpu, 2), "documents": stats.documents,
            "errors": stats.errors, "output_sha": _digest(out), "output_bytes": out.stat().st_size}


def child_dask(workers: int, corpus: Path, tmp: Path) -> dict:
    from distributed import Client

    from pipeline.engine_dask import annotate_dask, local_cluster, start_workers
    from pipeline.engines import AnnotatorSettings

    settings = AnnotatorSettings(batch_size=BATCH_SIZE)
    result: dict = {}
    t0 = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers, timeout=300)
        t_up = time.perf_counter()
        start_workers(client, settings, local=True)
        t_ready = time.perf_counter()
        result["cluster_processes_seconds"] = round(t_up - t0, 3)
        result["cluster_start_seconds"] = round(t_ready - t0, 3)  # processes up + pipeline loaded on every worker
        out = tmp / "out.jsonl"
        c0, r0 = tree_cpu_seconds(os.getpid()), time.perf_counter()
        stats = annotate_dask([corpus], out, client=client, settings=settings, partition_size=PARTITION_SIZE, progress=False)
        r1, c1 = time.perf_counter(), tree_cpu_seconds(os.getpid())
        result.update({"seconds": round(r1 - r0, 3), "cpu_s": round(c1 - c0, 2), "documents": stats.documents,
                       "errors": stats.errors, "output_sha": _digest(out), "output_bytes": out.stat().st_size,
                       "workers": stats.workers, "partitions": -(-stats.documents // PARTITION_SIZE)})
        tiny = _tiny_corpus(tmp / "tiny.jsonl")
        overhead = {}
        for size in OVERHEAD_SIZES:
            s0 = time.perf_counter()
            annotate_dask([tiny], tmp / f"tiny-{size}.jsonl", client=client, settings=settings, partition_size=size, progress=False)
            overhead[size] = round(time.perf_counter() - s0, 3)
        small, large = OVERHEAD_SIZES
        n_small, n_large = -(-OVERHEAD_DOCS // small), -(-OVERHEAD_DOCS // large)
        result["tiny_seconds"] = {str(k): v for k, v in overhead.items()}
        result["per_partition_overhead_s"] = round((overhead[small] - overhead[large]) * workers / (n_small - n_large), 4)
    return result


def child(config: str, corpus: Path, result_path: Path) -> None:
    kind, workers = CONFIGS[config]
    tmp = Path(tempfile.mkdtemp(prefix="newsclaims-dask-bench-"))
    try:
        out = child_local(workers, corpus, tmp) if kind == "local" else child_dask(workers, corpus, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["config"] = config
    result_path.write_text(json.dumps(out) + "\n")


def run_one(config: str, corpus: Path, words: int, log) -> dict:
    run = run_child(__file__, config, corpus, timeout=1800)
    result = run.result
    result["words"] = words
    result["words_per_second"] = round(words / result["seconds"], 1)
    result["busy_cores"] = round(run.busy_fraction * (os.cpu_count() or 1), 2) if run.busy_fraction is not None else None
    result["lifetime_seconds"] = round(run.lifetime, 1)
    result["memory"] = run.memory
    extra = (f"  cluster start {result['cluster_start_seconds']:.1f} s (processes {result['cluster_processes_seconds']:.1f} s)"
             f"  per-partition overhead {result['per_partition_overhead_s'] * 1000:.0f} ms" if "cluster_start_seconds" in result else "")
    log(f"  {config:7s} {result['words_per_second']:>8,.0f} words/s  {result['seconds']:6.1f} s  cpu {result['cpu_s']:6.1f} s  "
        f"largest {result['memory']['largest_process_peak_mb']:,.0f} MB  sum {result['memory']['sum_of_process_peaks_mb']:,.0f} MB"
        f"{extra}")
    return result


def summarise(rounds: list[dict[str, dict]], meta: dict) -> dict:
    def per_round(fn):
        return [round(fn(r), 4) for r in rounds]

    configs = {}
    for name in CONFIGS:
        runs = [r[name] for r in rounds]
        configs[name] = {
            "words_per_second": median(r["words_per_second"] for r in runs),
            "words_per_second_all": [r["words_per_second"] for r in runs],
            "seconds": median(r["seconds"] for r in runs),
            "cpu_s": median(r["cpu_s"] for r in runs),
            "largest_process_peak_mb": median(r["memory"]["largest_process_peak_mb"] for r in runs),
            "sum_of_process_peaks_mb": median(r["memory"]["sum_of_process_peaks_mb"] for r in runs),
        }
        for key in ("cluster_start_seconds", "cluster_processes_seconds", "per_partition_overhead_s"):
            if key in runs[0]:
                configs[name][key] = median(r[key] for r in runs)
                configs[name][key + "_all"] = [r[key] for r in runs]
    overhead = per_round(lambda r: r["dask2"]["seconds"] / r["local2"]["seconds"] - 1)
    cpu_overhead = per_round(lambda r: r["dask2"]["cpu_s"] / r["local2"]["cpu_s"] - 1)
    scaling = per_round(lambda r: r["dask2"]["words_per_second"] / r["dask1"]["words_per_second"])
    identical = all(r[c]["output_sha"] == r["local2"]["output_sha"] for r in rounds for c in CONFIGS)
    summary = {
        "configs": configs,
        "dask2_over_local2_wall": {"median": median(overhead), "per_round": overhead, "target": "< 0.10"},
        "dask2_over_local2_cpu": {"median": median(cpu_overhead), "per_round": cpu_overhead},
        "dask2_over_dask1": {"median": median(scaling), "per_round": scaling},
        "outputs_identical": identical,
    }
    summary["projection"] = projection(configs["dask1"]["words_per_second"], median(scaling),
                                       median([configs["dask1"]["per_partition_overhead_s"], configs["dask2"]["per_partition_overhead_s"]]),
                                       median(r["local2"]["output_bytes"] / r["local2"]["documents"] for r in rounds))
    return summary


def projection(words_per_worker: float, scaling_2: float, overhead_s: float, bytes_per_doc: float) -> dict:
    """10M articles of 700 words: CPU-hours, and wall-clock on N machines of C cores, assuming
    the measured 1 -> 2 worker efficiency holds per core (an assumption, not a measurement)."""
    efficiency = scaling_2 / 2
    words = ARTICLES * WORDS_PER_ARTICLE
    partitions = -(-ARTICLES // PARTITION_SIZE)
    compute_h = words / words_per_worker / 3600
    overhead_h = partitions * max(overhead_s, 0.0) / 3600
    core_hours = compute_h + overhead_h
    table = {}
    for machines, cores in ((1, 2), (1, 16), (10, 16), (50, 16)):
        workers = machines * cores
        hours = core_hours / (workers * efficiency)
        table[f"{machines}x{cores}"] = {"workers": workers, "hours": round(hours, 1),
                                        "client_write_mb_s": round(ARTICLES * bytes_per_doc / (hours * 3600) / 1e6, 1)}
    return {"articles": ARTICLES, "words": words, "partitions": partitions, "words_per_second_per_worker": words_per_worker,
            "efficiency_per_worker": round(efficiency, 3), "per_partition_overhead_s": overhead_s,
            "compute_core_hours": round(compute_h, 1), "partition_overhead_core_hours": round(overhead_h, 2),
            "core_hours": round(core_hours, 1), "output_bytes_per_document": round(bytes_per_doc),
            "output_tb": round(ARTICLES * bytes_per_doc / 1e12, 2), "machines": table}


def report_text(summary: dict) -> str:
    lines = ["config   words/s (runs)              wall s   CPU-s   largest MB  sum MB  cluster start s  per-partition ms"]
    for name, s in summary["configs"].items():
        runs = "/".join(f"{w / 1000:.1f}k" for w in s["words_per_second_all"])
        start = f"{s['cluster_start_seconds']:.1f}" if "cluster_start_seconds" in s else "-"
        part = f"{s['per_partition_overhead_s'] * 1000:.0f}" if "per_partition_overhead_s" in s else "-"
        lines.append(f"{name:8s} {s['words_per_second']:>7,.0f} ({runs:17s}) {s['seconds']:8.1f} {s['cpu_s']:7.1f} "
                     f"{s['largest_process_peak_mb']:10,.0f} {s['sum_of_process_peaks_mb']:7,.0f} {start:>16s} {part:>17s}")
    o, c, k = summary["dask2_over_local2_wall"], summary["dask2_over_local2_cpu"], summary["dask2_over_dask1"]
    lines += ["",
              f"dask2 / local2 - 1 (wall): {o['median']:+.3f}  rounds {', '.join(f'{x:+.3f}' for x in o['per_round'])}  (target < +0.10)",
              f"dask2 / local2 - 1 (CPU-s): {c['median']:+.3f}  rounds {', '.join(f'{x:+.3f}' for x in c['per_round'])}",
              f"dask2 / dask1 (words/s): {k['median']:.3f}  rounds {', '.join(f'{x:.3f}' for x in k['per_round'])}",
              f"outputs byte-identical to local2: {summary['outputs_identical']}"]
    p = summary["projection"]
    lines += ["", f"projection, {p['articles']:,} articles x {WORDS_PER_ARTICLE} words: {p['compute_core_hours']:,} core-hours of "
              f"annotation + {p['partition_overhead_core_hours']} for {p['partitions']:,} partitions; efficiency per worker "
              f"{p['efficiency_per_worker']}; output {p['output_tb']} TB"]
    for name, m in p["machines"].items():
        lines.append(f"  {name:6s} machines x cores: {m['workers']:4d} workers, {m['hours']:8,.1f} h, client writes {m['client_write_mb_s']} MB/s")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, args.result)
        return

    def log(msg):
        print(msg, flush=True)

    corpus, meta = build_corpus(args.words, seed=args.seed, log=log)
    log(f"corpus {meta['path']}: {meta['documents']} documents, {meta['words']:,} words")
    started = dt.datetime.now()
    fingerprint = code_fingerprint()
    names = list(CONFIGS)
    rounds: list[dict[str, dict]] = []
    for r in range(args.repeats):
        order = names[r % len(names):] + names[: r % len(names)]
        log(f"round {r + 1}/{args.repeats}: {', '.join(order)}  (load average {loadavg()})")
        rounds.append({name: run_one(name, corpus, meta["words"], log) for name in order})
    summary = summarise(rounds, meta)
    text = report_text(summary)
    print()
    print(text)
    path = args.output or RESULTS_DIR / f"dask-engine-{started:%Y-%m-%d}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "started": started.isoformat(timespec="seconds"), "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "benchmarks/dask_engine.py", *(argv or sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "code": fingerprint, "code_changed_during_run": fingerprint["code_hash"] != code_fingerprint()["code_hash"],
        "corpus": meta, "batch_size": BATCH_SIZE, "partition_size": PARTITION_SIZE, "summary": summary, "rounds": rounds,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")
    path.with_suffix(".txt").write_text(text + "\n")
    print(f"\nwrote {path} and {path.with_suffix('.txt')}")
    if not summary["outputs_identical"]:
        raise SystemExit("the engines' outputs differ")


if __name__ == "__main__":
    main()
