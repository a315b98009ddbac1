"""Peak RSS and time of annotating ONE large document through the batch CLI, per size and kind.

    .venv/bin/python benchmarks/big_document.py --mb 1 5                      # plain text
    .venv/bin/python benchmarks/big_document.py --kind text html table --mb 1 5 20 50   # issue #12's curve

Each (kind, size) writes one input file to a temporary directory and runs
``python -m pipeline annotate FILE -o OUT.jsonl`` in a fresh process (one worker: reading,
cleaning, annotating and writing all happen in it), so the child's ``ru_maxrss`` is that
document's peak. Kinds: ``text`` (paragraphs of sample sentences), ``html`` (the same
paragraphs in an HTML page with navigation, scripts and styles), ``table`` (one markdown
table, one row per sentence). Every sentence is numbered so duplicate removal keeps it.
Prints one JSON line per run: kind, MB, characters, seconds, seconds per MB, peak RSS (MB),
entities and the status of the output record.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _paragraphs() -> list[str]:
    sample = (ROOT / "data" / "samples" / "erdogan-putin-ashgabat.txt").read_text(encoding="utf-8")
    return [p for p in sample.split("\n") if len(p) > 80 and "|" not in p]


def _numbered(size: int):
    """Paragraphs (lists of numbered sentences) until ``size`` characters."""
    paragraphs, total, i = _paragraphs(), 0, 0
    while total < size:
        sentences = [f"{x} ({i}-{k})" for k, x in enumerate(paragraphs[i % len(paragraphs)].split(". "))]
        total += sum(len(s) + 2 for s in sentences)
        yield sentences
        i += 1


def write_input(kind: str, mb: float, directory: Path) -> Path:
    size = int(mb * 1_000_000)
    if kind == "text":
        path = directory / "big.txt"
        with path.open("w", encoding="utf-8") as out:
            for sentences in _numbered(size):
                out.write(". ".join(sentences) + "\n\n")
    elif kind == "html":
        path = directory / "big.html"
        with path.open("w", encoding="utf-8") as out:
            out.write("<!DOCTYPE html><html><head><title>Leaders meet in Ashgabat | Daily Wire</title>"
                      "<style>body{font:16px serif}</style><script>var x = 1;</script></head><body>"
                      "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
                      "<article><h1>Leaders meet in Ashgabat</h1>\n")
            for n, sentences in enumerate(_numbered(size)):
                if n % 50 == 0:
                    out.write(f"<h2>Part {n // 50 + 1}</h2>\n")
                out.write("<p>" + html.escape(". ".join(sentences)) + "</p>\n")
            out.write("</article><footer>Copyright Daily Wire</footer></body></html>\n")
    elif kind == "table":
        path = directory / "big.md"
        with path.open("w", encoding="utf-8") as out:
            out.write("# Leaders meet in Ashgabat\n\n| Item | Statement | Note |\n|---|---|---|\n")
            row = 0
            for sentences in _numbered(size):
                for s in sentences:
                    out.write(f"| {row} | {s} | row {row} |\n")
                    row += 1
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return path


def run(kind: str, mb: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsclaims-big-") as tmp:
        directory = Path(tmp)
        path = write_input(kind, mb, directory)
        output = directory / "out.jsonl"
        command = [sys.executable, "-m", "pipeline", "annotate", str(path), "-o", str(output), "--quiet"]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode("utf-8", "replace")
        result = {"kind": kind, "mb": mb, "chars": path.stat().st_size, "seconds": round(seconds, 1),
                  "s_per_mb": round(seconds / mb, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
                  "exit": os.waitstatus_to_exitcode(status)}
        if output.exists():
            with output.open(encoding="utf-8") as handle:
                lines = handle.readlines()
            record = json.loads(lines[0]) if lines else {}
            result.update(records=len(lines), status=record.get("status"), entities=len(record.get("entities", [])),
                          blocks=len(record.get("blocks", [])), tables=sum(b["kind"] == "table" for b in record.get("blocks", [])))
        if result["exit"]:
            result["stderr"] = stderr[-500:]
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 5])
    parser.add_argument("--kind", nargs="+", default=["text"], choices=["text", "html", "table"])
    args = parser.parse_args()
    for kind in args.kind:
        for mb in args.mb:
            print(json.dumps(run(kind, mb)), flush=True)


if __name__ == "__main__":
    main()
