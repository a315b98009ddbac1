"""Analysis of newsclaims output: DataFrames, one-document views, aggregates, exports, plots.

    from pipeline.analysis import load_annotations, show

    ann = load_annotations("out/run-*.jsonl.gz")      # documents, entities, actors, topics, ...
    show(ann.record("some-doc-id"))                    # the document page in a notebook
    summary = ann.summarize()                          # leader x category stances, co-occurrence, ...
    plot_stance_heatmap(summary)

Needs the ``analysis`` extra (pandas, pyarrow, matplotlib). Submodules are imported on
first use, so ``import pipeline.analysis`` costs only pandas.
"""

from __future__ import annotations

from importlib import import_module

__all__ = [
    "AnalysisError", "Annotations", "COLUMNS", "DocumentView", "FLAGS", "FRAMES", "Summary",
    "annotation_files", "export", "find_record", "iter_records", "load_annotations",
    "plot_cooccurrence", "plot_quality_flags", "plot_stance_heatmap", "plot_topics_over_time",
    "show", "summarize", "view", "write_plots",
]

_LAZY = {
    "AnalysisError": "frames", "Annotations": "frames", "COLUMNS": "frames", "FLAGS": "frames", "FRAMES": "frames",
    "annotation_files": "frames", "find_record": "frames", "iter_records": "frames", "load_annotations": "frames",
    "Summary": "summary", "summarize": "summary",
    "export": "exports",
    "DocumentView": "views", "show": "views", "view": "views",
    "plot_cooccurrence": "plots", "plot_quality_flags": "plots", "plot_stance_heatmap": "plots",
    "plot_topics_over_time": "plots", "write_plots": "plots",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'pipeline.analysis' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
