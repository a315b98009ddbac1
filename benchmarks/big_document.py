"""Peak RSS and time of annotating ONE large plain-text document, per size (flat memory, linear time).

    .venv/bin/python benchmarks/big_document.py --mb 1 5          # one subprocess per size
    .venv/bin/python benchmarks/big_document.py --mb 1 5 20 50    # the curve of issue #12 (long)

Each size runs in a fresh process (so ru_maxrss is that document's peak): the text is
sample sentences repeated in paragraphs to the given size; prints size, seconds,
seconds per MB and peak RSS in MB as one JSON line per size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _one(mb: float) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline import load

    annotator = load()
    sample = (ROOT / "data" / "samples" / "erdogan-putin-ashgabat.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in sample.split("\n") if len(p) > 80 and "|" not in p]
    size = int(mb * 1_000_000)
    parts, total, i = [], 0, 0
    while total < size:  # every sentence numbered, so duplicate removal keeps them all
        sentences = paragraphs[i % len(paragraphs)].split(". ")
        p = ". ".join(f"{x} ({i}-{k})" for k, x in enumerate(sentences))
        parts.append(p)
        total += len(p) + 2
        i += 1
    text = "\n\n".join(parts)
    start = time.perf_counter()
    record = annotator.annotate(text, doc_id=f"{mb}MB")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mb": mb, "chars": len(text), "clean_chars": len(record.text or ""), "blocks": len(record.blocks), "status": record.status, "entities": len(record.entities),
            "seconds": round(seconds, 1), "s_per_mb": round(seconds / mb, 1), "peak_rss_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 5])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one)), flush=True)
        return
    for mb in args.mb:
        subprocess.run([sys.executable, __file__, "--one", str(mb)], check=True)


if __name__ == "__main__":
    main()
