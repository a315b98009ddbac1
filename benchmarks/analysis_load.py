"""How long load_annotations takes on a 10,000-document dump (and summarize, export).

    .venv/bin/newsclaims annotate data/samples -o out/annotations.jsonl -q   # the seed records
    .venv/bin/python benchmarks/analysis_load.py                             # 10,000 documents
    .venv/bin/python benchmarks/analysis_load.py --documents 100000 --repeats 1

The dump is made by replicating the lines of ``out/annotations.jsonl`` with new doc_ids
and source dates spread over 2025, written as 4 gzip shards ``run-0000N.jsonl.gz``
(as ``annotate --shard-size`` writes them) plus one plain ``all.jsonl``, under
``--dir`` (default: a folder in the system temp dir; nothing is written to the repo).
One record in 200 is turned into an error record. Timings are the median of
``--repeats`` runs in this process (the first run also pays for the imports).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARDS = 4


def build_dump(seed_file: Path, out_dir: Path, documents: int) -> tuple[str, Path, int]:
    """(glob of the shards, plain JSONL path, bytes of JSON) for ``documents`` replicated records."""
    lines = [json.loads(line) for line in seed_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        raise SystemExit(f"{seed_file} is empty; run `newsclaims annotate data/samples -o {seed_file}` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    start = date(2025, 1, 1)
    per_shard = -(-documents // SHARDS)
    shards = [gzip.open(out_dir / f"run-{i:05d}.jsonl.gz", "wt", encoding="utf-8", compresslevel=3) for i in range(SHARDS)]
    size = 0
    with open(out_dir / "all.jsonl", "w", encoding="utf-8") as plain:
        for n in range(documents):
            record = dict(lines[n % len(lines)])
            record["doc_id"] = f"bench-{n:06d}-{record['doc_id']}"
            day = start + timedelta(days=rng.randrange(365))
            record["source"] = {**(record.get("source") or {}), "date": day.isoformat(), "url": f"https://example.org/{n}"}
            if n % 200 == 199:
                record = {"schema_version": "1.0", "doc_id": record["doc_id"], "status": "error",
                          "error": {"type": "EmptyText", "message": "the text is empty"}, "source": record["source"]}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            shards[n // per_shard].write(line)
            plain.write(line)
    for shard in shards:
        shard.close()
    return str(out_dir / "run-*.jsonl.gz"), out_dir / "all.jsonl", size


def timed(function, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed-file", type=Path, default=ROOT / "out" / "annotations.jsonl")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "newsclaims-analysis-bench")
    args = parser.parse_args()

    started = time.perf_counter()
    shard_glob, plain, size = build_dump(args.seed_file, args.dir, args.documents)
    print(f"dump: {args.documents} documents, {size / 1e6:.0f} MB of JSON, {SHARDS} gzip shards "
          f"({sum(p.stat().st_size for p in args.dir.glob('run-*.jsonl.gz')) / 1e6:.0f} MB) in {args.dir} "
          f"[built in {time.perf_counter() - started:.1f} s]")

    import pandas  # noqa: F401  (import time is not loading time)

    from pipeline.analysis import export, load_annotations, summarize

    rows = []
    seconds, ann = timed(lambda: load_annotations(shard_glob), args.repeats)
    rows.append(("load_annotations(run-*.jsonl.gz)", seconds))
    seconds, _ = timed(lambda: load_annotations(plain), args.repeats)
    rows.append(("load_annotations(all.jsonl)", seconds))
    seconds, _ = timed(lambda: load_annotations(shard_glob, validate=True), 1)
    rows.append(("load_annotations(run-*.jsonl.gz, validate=True)", seconds))
    seconds, summary = timed(lambda: summarize(ann), args.repeats)
    rows.append(("summarize(ann)", seconds))
    out = args.dir / "export"
    seconds, _ = timed(lambda: export(ann, out, format="parquet"), args.repeats)
    rows.append(("export(ann, parquet)", seconds))

    print(ann)
    print(f"frames in memory: {ann.memory_usage() / 1e6:.0f} MB; "
          f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.2f} s  ({args.documents / seconds:,.0f} docs/s)")
    print(summary.headline())


if __name__ == "__main__":
    main()
