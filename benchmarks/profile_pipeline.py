"""Where the full pipeline spends its time, and which of it is OUR code (pipeline/*).

    .venv/bin/python benchmarks/profile_pipeline.py                # ~50k words
    .venv/bin/python benchmarks/profile_pipeline.py --words 50000 --repeats 3 [--fast]

Two views, on the same ~50k-word slice of the throughput corpus, in one process:

1. Stage timing (no profiler): reading the input, cleaning, the tokenizer, every pipeline
   component run over all documents (``proc.pipe(docs, batch_size=16)``, exactly as
   ``nlp.pipe`` chains them), ``doc_to_record`` (incl. pydantic validation) and
   ``model_dump_json``; medians of ``--repeats`` runs.
2. A py-spy sampling profile of ``run_batch(..., workers=1)`` (out of process, so it does
   not slow Python code more than Cython code the way cProfile does): every sample is
   charged to the innermost frame of OUR code on its stack, at the line it was executing
   (library calls made from our code, e.g. pydantic, re, ftfy, Doc._ extensions, Cython
   attribute access, count as ours), except samples under spaCy's own pipeline machinery
   and statistical components, which are charged to spaCy. Listed per function, with its
   hottest lines and the library calls its time is made of.

py-spy is not a project dependency. It is a standalone binary, so it need not live in the
venv (``uv run`` syncs the venv and removes packages that are not locked):
``uv pip install --target /tmp/newsclaims-bench-tools py-spy`` (looked up there, in
.venv/bin, on PATH, or at $PY_SPY). pyinstrument was tried first; its stacks break
at Cython frames (thinc's gemm, Token creation), so much of the time had no caller.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS_DIR, ROOT, build_corpus, code_fingerprint, loadavg, median  # noqa: E402

OWN = str(ROOT / "pipeline") + "/"
SPACY_MACHINERY = ("/spacy/language.py", "/spacy/pipeline/", "/thinc/", "/spacy/ml/", "/spacy/util.py")
# Which run_batch samples are charged where: see attribute().


def read_inputs_texts(texts):
    from pipeline.io import InputDocument
    from pipeline.schema import Source

    return [InputDocument(f"warmup-{i}", t, Source()) for i, t in enumerate(texts)]


def stage_times(corpus: Path, fast: bool) -> dict[str, float]:
    import pipeline
    from pipeline.clean import clean_text
    from pipeline.io import read_inputs
    from pipeline.record import doc_to_record

    annotator = pipeline.load(fast=fast)
    nlp = annotator.nlp
    times: dict[str, float] = {}
    # warm-up: lazily initialised tables and matchers are built on first use
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        first = [json.loads(next(handle))["text"] for _ in range(2)]
    list(annotator.annotate_stream(read_inputs_texts(first)))

    def timed(name, fn):
        gc.collect()
        t0 = time.perf_counter()
        value = fn()
        times[name] = times.get(name, 0.0) + time.perf_counter() - t0
        return value

    with nlp.memory_zone():
        docs_in = timed("read input (gzip + json + InputDocument)", lambda: list(read_inputs([corpus])))
        cleaned = timed("cleaning (clean_text)", lambda: [clean_text(d.text, annotator.clean_config) for d in docs_in])
        docs = timed("spaCy tokenizer", lambda: [nlp.make_doc(c.text) for c in cleaned])
        for name, proc in nlp.pipeline:
            label = f"{'OURS ' if name.startswith('newsclaims') else 'spaCy '}{name}"
            if hasattr(proc, "pipe"):
                docs = timed(label, lambda: list(proc.pipe(docs, batch_size=16)))
            else:
                docs = timed(label, lambda: [proc(d) for d in docs])
        records = timed("record building (doc_to_record + pydantic validation)",
                        lambda: [doc_to_record(doc, d.doc_id, c, d.source) for doc, d, c in zip(docs, docs_in, cleaned)])
        timed("JSON serialisation (model_dump_json)", lambda: [r.model_dump_json() for r in records])
    return times


def run_batch_wall(corpus: Path, fast: bool) -> float:
    import pipeline
    from pipeline.batch import run_batch
    from pipeline.io import read_inputs

    marks = {}

    def factory():
        a = pipeline.load(fast=fast)
        gc.collect()
        marks["t0"] = time.perf_counter()
        return a

    tmp = Path(tempfile.mkdtemp(prefix="newsclaims-prof-"))
    try:
        run_batch(read_inputs([corpus]), tmp / "out.jsonl", factory, workers=1, progress=False)
        return time.perf_counter() - marks["t0"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _target(corpus: Path, fast: bool) -> None:
    """What py-spy samples: load (not counted), then run_batch(workers=1) (counted)."""
    import pipeline
    from pipeline.batch import run_batch
    from pipeline.io import read_inputs

    annotator = pipeline.load(fast=fast)
    gc.collect()
    tmp = Path(tempfile.mkdtemp(prefix="newsclaims-prof-"))
    try:
        run_batch(read_inputs([corpus]), tmp / "out.jsonl", lambda: annotator, workers=1, progress=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_FRAME = re.compile(r"^(.*) \((.*):(\d+)\)$")


def _frames(stack: str) -> list[tuple[str, str, int]]:
    out = []
    for part in stack.split(";"):
        m = _FRAME.match(part)
        out.append((m.group(1), m.group(2), int(m.group(3))) if m else (part, "", 0))
    return out


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
            return path.split("/", 1)[1] if marker == "/lib/python3." else path
    return path[len(str(ROOT)) + 1:] if path.startswith(str(ROOT)) else path


def attribute(raw: Path) -> dict:
    """Charge every sample taken inside run_batch to the innermost frame that is OUR code
    (pipeline/*: the line it was executing) or spaCy's pipeline machinery (spacy/language.py,
    spacy/util.py, spacy/pipeline/*, thinc/*: charged to spaCy). Library code called from
    our code (pydantic, re, ftfy, Doc._ extensions, Cython attribute access) is ours."""
    by_line: dict[tuple, int] = defaultdict(int)
    by_function: dict[tuple, int] = defaultdict(int)
    function_lines: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    function_leaves: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    by_module: dict[str, int] = defaultdict(int)
    total = outside = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = _frames(stack)
        if not any(f == "run_batch" and p.startswith(OWN) for f, p, _ in frames):
            outside += n
            continue
        total += n
        owner = None
        for function, path, lineno in reversed(frames):
            if path.startswith(OWN):
                owner = (function, path, lineno)
                break
            if any(m in path for m in SPACY_MACHINERY):
                break
        if owner is None:
            by_module["<spaCy: pipeline machinery and statistical components>"] += n
            continue
        function, path, lineno = owner
        rel = _short(path)
        by_module[rel] += n
        by_line[(rel, lineno, function)] += n
        by_function[(rel, function)] += n
        function_lines[(rel, function)][lineno] += n
        leaf_function, leaf_path, leaf_line = frames[-1]
        leaf = "(this function's own lines)" if leaf_path == path else f"{leaf_function} ({_short(leaf_path)}:{leaf_line})"
        function_leaves[(rel, function)][leaf] += n

    def share(n):
        return round(n / total, 4) if total else 0.0

    functions = []
    for (rel, function), n in sorted(by_function.items(), key=lambda kv: -kv[1]):
        lines = sorted(function_lines[(rel, function)].items(), key=lambda kv: -kv[1])
        leaves = sorted(function_leaves[(rel, function)].items(), key=lambda kv: -kv[1])
        functions.append({"function": function, "file": rel, "samples": n, "share": share(n),
                          "lines": [{"line": f"{rel}:{ln}", "samples": c, "share": share(c)} for ln, c in lines[:6]],
                          "made_of": [{"what": k, "share": share(c)} for k, c in leaves[:6]]})
    return {
        "samples_in_run_batch": total, "samples_outside (imports, model load)": outside,
        "modules": {k: {"samples": v, "share": share(v)} for k, v in sorted(by_module.items(), key=lambda kv: -kv[1])},
        "functions": functions,
        "lines": [{"line": f"{rel}:{ln}", "function": fn, "samples": c, "share": share(c)}
                  for (rel, ln, fn), c in sorted(by_line.items(), key=lambda kv: -kv[1])[:60]],
    }


def profile(corpus: Path, fast: bool, rate: int, raw: Path) -> dict:
    candidates = [os.environ.get("PY_SPY"), ROOT / ".venv" / "bin" / "py-spy", shutil.which("py-spy"),
                  "/tmp/newsclaims-bench-tools/bin/py-spy"]
    spy = next((Path(c) for c in candidates if c and Path(c).exists()), None)
    if spy is None:
        raise SystemExit("py-spy not found: install it (see the module docstring) or set PY_SPY=/path/to/py-spy")
    command = [str(spy), "record", "-r", str(rate), "-f", "raw", "--full-filenames", "-o", str(raw), "--",
               sys.executable, __file__, "--target", str(corpus)] + (["--fast"] if fast else [])
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    result = attribute(raw)
    result["rate_hz"] = rate
    result["command"] = " ".join(command).replace(str(ROOT) + "/", "")
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3, help="repeats of the stage timing")
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.target:
        _target(args.target, args.fast)
        return

    corpus, meta = build_corpus(args.words)
    started = dt.datetime.now()
    print(f"corpus {meta['path']}: {meta['documents']} documents, {meta['words']:,} words; load {loadavg()}", flush=True)

    stage_runs = [stage_times(corpus, args.fast) for _ in range(args.repeats)]
    stages = {name: median(run[name] for run in stage_runs) for name in stage_runs[0]}
    stage_total = sum(stages.values())
    walls = [run_batch_wall(corpus, args.fast) for _ in range(args.repeats)]
    print(f"\nstage timing (median of {args.repeats}); sum {stage_total:.2f} s; "
          f"run_batch wall for the same corpus {median(walls):.2f} s ({', '.join(f'{w:.2f}' for w in walls)})")
    ours_total = 0.0
    for name, seconds in stages.items():
        mine = name.startswith("OURS") or name.startswith(("cleaning", "record", "JSON", "read"))
        ours_total += seconds if mine else 0.0
        print(f"  {'*' if mine else ' '} {name:58s} {seconds:7.3f} s  {seconds / stage_total:6.1%}")
    print(f"  * = our code (or called only by it): {ours_total:.2f} s = {ours_total / stage_total:.1%} of the stage sum")

    report = {"started": started.isoformat(timespec="seconds"),
              "command": " ".join(["python", "benchmarks/profile_pipeline.py", *(argv or sys.argv[1:])]),
              "code": code_fingerprint(), "corpus": meta, "fast": args.fast, "loadavg_start": loadavg(),
              "stages_seconds_median": {k: round(v, 4) for k, v in stages.items()},
              "stages_runs": stage_runs, "stage_sum_seconds": round(stage_total, 3),
              "own_share_of_stage_sum": round(ours_total / stage_total, 4),
              "run_batch_wall_seconds": [round(w, 3) for w in walls]}

    if not args.skip_profile:
        suffix = "-fast" if args.fast else ""
        raw = RESULTS_DIR / f"profile-{started:%Y-%m-%d}{suffix}.pyspy.txt"
        prof = profile(corpus, args.fast, args.rate, raw)
        report["profile"] = prof
        print(f"\npy-spy ({args.rate} Hz) of run_batch(workers=1): {prof['samples_in_run_batch']} samples; each charged "
              f"to the innermost OUR-code frame on its stack (collapsed stacks: {raw.relative_to(ROOT)})")
        print("\nby module:")
        for module, v in prof["modules"].items():
            print(f"  {module:70s} {v['share']:6.1%}")
        print(f"\ntop {args.top} functions (share of run_batch time; hottest lines; what the time is made of):")
        for row in prof["functions"][: args.top]:
            print(f"  {row['share']:6.1%}  {row['file']}  {row['function']}")
            print("           lines: " + ", ".join(f"{x['line'].rsplit(':', 1)[1]} {x['share']:.1%}" for x in row["lines"][:5]))
            for part in row["made_of"][:3]:
                print(f"           {part['share']:6.1%}  {part['what']}")
        print(f"\ntop {args.top} lines:")
        for row in prof["lines"][: args.top]:
            print(f"  {row['share']:6.1%}  {row['line']:45s} {row['function']}")
    path = args.output or RESULTS_DIR / f"profile-{started:%Y-%m-%d}{'-fast' if args.fast else ''}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
