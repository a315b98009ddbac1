"""Peak memory of `newsclaims annotate` on 200,000 short documents, and whether it grows.

    .venv/bin/python benchmarks/memory.py                  # 200k documents, --workers 2, full pipeline
    .venv/bin/python benchmarks/memory.py --fast           # the same with --fast
    .venv/bin/python benchmarks/memory.py --docs 20000     # a quick check

Generates (and caches) a .jsonl.gz of short documents (20-60 words of sample sentences,
plus random figures and made-up names so the vocabulary keeps growing like real news),
runs the CLI on it as a subprocess and, every second, samples the RSS of the CLI's whole
process tree from /proc together with the number of lines written so far. Reports the
peak RSS reached by 10k/50k/100k/200k documents, the peak within each interval between
those checkpoints (flat memory means equal interval peaks), and the growth slope.
Results are (re)written to benchmarks/results/memory-<date>[-fast].json at every
checkpoint, so a run that is stopped early still leaves its numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    CORPUS_DIR, CORPUS_VERSION, RESULTS_DIR, ROOT, TreeSampler, _people, code_fingerprint, cpu_jiffies,
    loadavg, sample_sentences, samples_fingerprint,
)

SYLLABLES = "ka ro ve lin dor sa mi tu ren vol ish an bek nur zha pol ter gi mo ul".split()


def _made_up_name(rng: random.Random) -> str:
    def word():
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def build_short_corpus(docs: int, seed: int = 0, log=print) -> tuple[Path, dict]:
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    path = CORPUS_DIR / f"short-{docs}d-v{CORPUS_VERSION}-{samples_fingerprint()}-s{seed}.jsonl.gz"
    meta_path = path.with_name(path.name[: -len(".jsonl.gz")] + ".meta.json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text())
    rng = random.Random(seed)
    sentences = sample_sentences()
    people = _people()
    extras = [
        lambda: f"The package is worth ${rng.randint(1, 99)}.{rng.randint(0, 9)} billion, officials said.",
        lambda: f"{_made_up_name(rng)}, an analyst at the {rng.choice(['Institute', 'Centre', 'Forum'])} for "
                f"{rng.choice(['Policy', 'Security', 'Trade'])} Studies, called it significant.",
        lambda: f"{rng.choice(people)[0]} is expected to respond by {rng.randint(1, 28)} "
                f"{rng.choice(['March', 'April', 'June', 'October'])}.",
    ]
    words_total = 0
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as out:
        for i in range(docs):
            target = rng.randint(20, 60)
            parts: list[str] = []
            n = 0
            if rng.random() < 0.5:
                extra = rng.choice(extras)()
                parts.append(extra)
                n += len(extra.split())
            while n < target - 4:
                fitting = [s for s in rng.sample(sentences, 20) if len(s.split()) <= 60 - n]
                if not fitting:
                    break
                s = fitting[0]
                parts.insert(rng.randint(0, len(parts)), s)
                n += len(s.split())
            text = " ".join(parts)
            words_total += len(text.split())
            out.write(json.dumps({"id": f"short-{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    tmp.rename(path)
    meta = {"path": str(path.relative_to(ROOT)), "documents": docs, "words": words_total, "seed": seed,
            "bytes_gz": path.stat().st_size}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"built {meta['path']}: {docs} documents, {words_total} words")
    return path, meta


class LineCounter:
    """Counts the newlines of a file that another process is appending to."""

    def __init__(self, path: Path):
        self.path, self.pos, self.lines = path, 0, 0

    def update(self) -> int:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.pos)
                while chunk := handle.read(1 << 20):
                    self.lines += chunk.count(b"\n")
                    self.pos += len(chunk)
        except FileNotFoundError:
            pass
        return self.lines


def _fit_slope(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 3:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fast", action="store_true", help="run `newsclaims annotate --fast`")
    parser.add_argument("--checkpoints", default="10000,50000,100000,200000")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-output", action="store_true", help="keep the annotation output (in /tmp)")
    parser.add_argument("--output", type=Path, help="result JSON (default benchmarks/results/memory-<date>[-fast][-<docs>d].json)")
    args = parser.parse_args(argv)

    def log(msg):
        print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)

    corpus, meta = build_short_corpus(args.docs, args.seed, log=log)
    checkpoints = sorted(c for c in (int(x) for x in args.checkpoints.split(",")) if c <= args.docs)
    if args.docs not in checkpoints:
        checkpoints.append(args.docs)
    started = dt.datetime.now()
    suffix = ("-fast" if args.fast else "") + ("" if args.docs == 200_000 else f"-{args.docs}d")
    result_path = args.output or RESULTS_DIR / f"memory-{started:%Y-%m-%d}{suffix}.json"
    result_path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="newsclaims-memory-"))
    out_path = workdir / "out.jsonl"
    cli = ROOT / ".venv" / "bin" / "newsclaims"
    command = [str(cli) if cli.exists() else sys.executable, *([] if cli.exists() else ["-m", "pipeline"]),
               "annotate", str(corpus), "-o", str(out_path), "--workers", str(args.workers), "-q"]
    if args.fast:
        command.append("--fast")
    log("running " + " ".join(command))

    busy0, total0 = cpu_jiffies()
    t_start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT)
    sampler = TreeSampler(proc.pid, interval=args.interval, pss_every=2)
    counter = LineCounter(out_path)
    timeline: list[dict] = []
    reached: list[dict] = []
    peak = {"largest_kb": 0, "rss_sum_kb": 0, "pss_sum_kb": 0}
    window = dict(peak)
    next_cp = 0
    last_log = 0.0
    report = {
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "benchmarks/memory.py", *(argv or sys.argv[1:])]),
        "cli_command": " ".join(command).replace(str(ROOT) + "/", ""),
        "code": code_fingerprint(),
        "corpus": meta,
        "workers": args.workers,
        "fast": args.fast,
        "complete": False,
    }

    def write_report(done: int, final: bool = False):
        elapsed = time.perf_counter() - t_start
        # growth slope over the steady part: after the first 10% (warm-up), while the CLI
        # is still annotating (not during its shutdown, when workers exit)
        lo, hi = args.docs // 10, args.docs
        steady = [(p["docs"], p["rss_sum_kb"] / 1024) for p in timeline if p["running"] and lo <= p["docs"] < hi]
        steady_pss = [(p["docs"], p["pss_sum_kb"] / 1024) for p in timeline
                      if p["running"] and p["pss_sum_kb"] and lo <= p["docs"] < hi]
        slope = _fit_slope(steady)
        slope_pss = _fit_slope(steady_pss)
        report.update({
            "elapsed_seconds": round(elapsed, 1),
            "documents_done": done,
            "docs_per_second": round(done / elapsed, 1) if elapsed else None,
            "checkpoints": reached,
            "peak": {k.replace("_kb", "_mb"): round(v / 1024, 1) for k, v in peak.items()},
            "per_process_peaks_mb": sampler.summary()["per_process_peaks_mb"],
            "rss_sum_slope_mb_per_100k_docs": round(slope * 100_000, 1) if slope is not None else None,
            "pss_sum_slope_mb_per_100k_docs": round(slope_pss * 100_000, 1) if slope_pss is not None else None,
            "loadavg": loadavg(),
            "timeline": [{k: v for k, v in p.items()} for p in timeline[:: max(1, len(timeline) // 2000)]],
        })
        result_path.write_text(json.dumps(report, indent=1) + "\n")

    n = 0
    while True:
        rc = proc.poll()
        point = sampler.sample(n)
        done = counter.update()
        point.update({"elapsed": round(time.perf_counter() - t_start, 1), "docs": done, "running": rc is None})
        point["t"] = round(point["t"], 1)
        timeline.append(point)
        for key, src in (("largest_kb", "rss_largest_kb"), ("rss_sum_kb", "rss_sum_kb"), ("pss_sum_kb", "pss_sum_kb")):
            if point[src]:
                peak[key] = max(peak[key], point[src])
                window[key] = max(window[key], point[src])
        largest_hwm = max(sampler.hwm.values()) if sampler.hwm else 0
        while next_cp < len(checkpoints) and done >= checkpoints[next_cp]:
            reached.append({
                "documents": checkpoints[next_cp], "lines_when_sampled": done, "elapsed": point["elapsed"],
                "peak_largest_process_mb": round(max(peak["largest_kb"], largest_hwm) / 1024, 1),
                "peak_rss_sum_mb": round(peak["rss_sum_kb"] / 1024, 1),
                "peak_pss_sum_mb": round(peak["pss_sum_kb"] / 1024, 1),
                "interval_peak_rss_sum_mb": round(window["rss_sum_kb"] / 1024, 1),
                "interval_peak_largest_mb": round(window["largest_kb"] / 1024, 1),
                "interval_peak_pss_sum_mb": round(window["pss_sum_kb"] / 1024, 1),
                "now_rss_sum_mb": round(point["rss_sum_kb"] / 1024, 1),
                "output_mb": round(counter.pos / 1e6, 1),
            })
            window = {k: 0 for k in window}
            log(f"checkpoint {checkpoints[next_cp]}: {reached[-1]}")
            next_cp += 1
            write_report(done)
        if time.perf_counter() - last_log > 60:
            log(f"{done} documents, tree RSS {point['rss_sum_kb'] / 1024:.0f} MB "
                f"(largest {point['rss_largest_kb'] / 1024:.0f} MB), {point['processes']} processes")
            last_log = time.perf_counter()
            write_report(done)
        if rc is not None:
            break
        n += 1
        time.sleep(args.interval)

    busy1, total1 = cpu_jiffies()
    done = counter.update()
    stats_file = workdir / "out.stats.json"
    report["cli_exit_status"] = rc
    report["cli_stats"] = json.loads(stats_file.read_text()) if stats_file.exists() else None
    report["complete"] = rc in (0, 1) and done >= args.docs
    report["machine_busy_cores"] = round((busy1 - busy0) / max(1, total1 - total0) * (os.cpu_count() or 1), 2)
    write_report(done, final=True)
    if not args.keep_output:
        shutil.rmtree(workdir, ignore_errors=True)
    log(f"exit {rc}; {done} documents; peak largest process {report['peak']['largest_mb']} MB, "
        f"tree RSS sum {report['peak']['rss_sum_mb']} MB, PSS sum {report['peak']['pss_sum_mb']} MB; "
        f"slope {report['rss_sum_slope_mb_per_100k_docs']} MB/100k docs -> {result_path}")


if __name__ == "__main__":
    main()
