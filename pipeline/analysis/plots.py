"""Plots of a :class:`~pipeline.analysis.summary.Summary` (matplotlib, no pyplot state).

Each ``plot_*`` function builds a :class:`matplotlib.figure.Figure` directly, so it
works the same in a script, a server (rendered with Agg when saved) and a notebook
(the figure displays inline), and never touches the global pyplot backend. With
``path`` the figure is also written as PNG. :func:`write_plots` writes all of them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .summary import Summary

DPI = 110
TITLE_SIZE = 13
NOTE_SIZE = 9.5


def _save(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=DPI, facecolor="white")  # PNG through the Agg canvas
    return fig


def _titles(fig: Figure, ax, title: str, note: str) -> None:
    """A bold title and a grey one-line note under it (both inside the constrained layout)."""
    fig.suptitle(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_title(note, fontsize=NOTE_SIZE, color="#555555", pad=8)


def _empty(fig: Figure, title: str, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", transform=ax.transAxes)
    fig.suptitle(title, fontsize=TITLE_SIZE, fontweight="bold")
    return fig


def plot_stance_heatmap(summary: Summary, path: str | Path | None = None, *, max_actors: int = 25) -> Figure:
    """Leader x topic-category heat map of positions (counts in the cells, zero cells blank)."""
    title = "Positions by leader and topic category"
    matrix = summary.stance_matrix
    if matrix.empty:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no positions of people in these documents"), path)
    shown = matrix.head(max_actors)
    rows, cols = shown.shape
    longest = max(len(str(a)) for a in shown.index)
    fig = Figure(figsize=(max(6.5, 1.2 + 0.075 * longest + 0.72 * cols + 1.2), max(3.4, 1.9 + 0.34 * rows)),
                 layout="constrained")
    ax = fig.add_subplot()
    values = shown.to_numpy(dtype=float)
    cmap = _cmap("YlOrRd")
    image = ax.imshow(np.ma.masked_equal(values, 0), cmap=cmap, aspect="auto", vmin=0, vmax=max(values.max(), 1))
    vmax = max(values.max(), 1)
    for i in range(rows):
        for j in range(cols):
            if values[i, j]:
                ax.text(j, i, f"{int(values[i, j])}", ha="center", va="center", fontsize=9,
                        color="white" if values[i, j] > 0.6 * vmax else "black")
    ax.set_xticks(range(cols), [str(c) for c in shown.columns], rotation=35, ha="right", fontsize=10)
    ax.set_yticks(range(rows), [str(a) for a in shown.index], fontsize=10)
    ax.set_xticks(np.arange(-0.5, cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, rows, 1), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("topic category", fontsize=10)
    bar = fig.colorbar(image, ax=ax, shrink=min(1.0, 6 / max(rows, 1)) if rows > 6 else 1.0, pad=0.02)
    bar.set_label("positions", fontsize=10)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    more = f"; top {rows} of {len(matrix):,} people" if len(matrix) > rows else ""
    _titles(fig, ax, title, f"{int(matrix.to_numpy().sum()):,} positions of {len(matrix):,} people in "
                            f"{summary.annotated:,} documents{more}. Cells: number of stances.")
    return _save(fig, path)


def _cmap(name: str):
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad="white")  # zero cells are masked: white


def plot_cooccurrence(summary: Summary, path: str | Path | None = None, *, top: int = 15) -> Figure:
    """Horizontal bars: the pairs of people most often actors of the same document, and in meetings."""
    title = "Leaders appearing together"
    pairs = summary.cooccurrence.head(top)
    if pairs.empty:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no two people in the same document"), path)
    labels = [f"{a} – {b}" for a, b in zip(pairs["actor_a"], pairs["actor_b"])][::-1]
    documents = pairs["documents"].to_numpy()[::-1]
    events = pairs["events"].to_numpy()[::-1]
    longest = max(len(label) for label in labels)
    fig = Figure(figsize=(max(7.5, 3.5 + 0.07 * longest + 3), max(3.4, 1.6 + 0.42 * len(pairs))), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y + 0.2, documents, height=0.38, color="#4c78a8", label="articles with both")
    ax.barh(y - 0.2, events, height=0.38, color="#f58518", label="meetings of both")
    for yy, d, e in zip(y, documents, events):
        ax.text(d, yy + 0.2, f" {d:,}", va="center", fontsize=8.5)
        if e:
            ax.text(e, yy - 0.2, f" {e:,}", va="center", fontsize=8.5)
    ax.set_yticks(y, labels, fontsize=10)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(documents.max(), events.max()) * 1.12 + 0.1)
    ax.set_xlabel("count", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside lower center", ncol=2, fontsize=9, frameon=False)  # below the axes: never over a bar
    more = f"; top {len(pairs)} of {len(summary.cooccurrence):,} pairs" if len(summary.cooccurrence) > len(pairs) else ""
    _titles(fig, ax, title, f"People who are actors of the same article ({summary.annotated:,} documents){more}.")
    return _save(fig, path)


def plot_topics_over_time(summary: Summary, path: str | Path | None = None, *, categories: int = 8) -> Figure:
    """Lines: share of each month's documents that have a topic of each category (top categories)."""
    title = "Topic categories over time"
    table = summary.topics_by_month
    if table.empty:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no annotated document has a source date"), path)
    top = table.groupby("category")["documents"].sum().sort_values(ascending=False).head(categories).index
    pivot = table[table["category"].isin(top)].pivot_table(index="month", columns="category", values="share",
                                                             aggfunc="sum", fill_value=0.0)[list(top)]
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.add_subplot()
    x = np.arange(len(pivot))
    for category in pivot.columns:
        ax.plot(x, pivot[category].to_numpy(), marker="o", markersize=3.5, linewidth=1.8, label=str(category))
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step], list(pivot.index[::step]), rotation=35, ha="right", fontsize=9.5)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of the month's articles", fontsize=10)
    ax.grid(axis="y", color="#e5e5e5")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9, frameon=False)
    _titles(fig, ax, title, f"{summary.dated:,} dated documents; share of each month's documents with a topic of the category.")
    return _save(fig, path)


def plot_quality_flags(summary: Summary, path: str | Path | None = None) -> Figure:
    """Horizontal bars: share of annotated documents with each cleaning flag."""
    title = "Input quality: cleaning flags"
    table = summary.quality[::-1]
    if summary.annotated == 0:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no annotated documents"), path)
    fig = Figure(figsize=(7.5, 1.7 + 0.38 * len(table)), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(table))
    colors = ["#9d9d9d" if flag == "(any)" else "#e45756" for flag in table["flag"]]
    ax.barh(y, table["share"], color=colors, height=0.6)
    for yy, share, n in zip(y, table["share"], table["documents"]):
        ax.text(share, yy, f" {share:.0%} ({n})", va="center", fontsize=9)
    ax.set_yticks(y, [str(f).replace("_", " ") for f in table["flag"]], fontsize=10)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, min(1.0, max(float(table["share"].max()), 0.05) * 1.25))
    ax.set_xlabel("share of annotated documents", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    _titles(fig, ax, title, f"{summary.annotated:,} annotated documents (error records, {summary.error_records:,} here, are not counted).")
    return _save(fig, path)


PLOTS = {
    "leader_topic_heatmap.png": plot_stance_heatmap,
    "cooccurrence.png": plot_cooccurrence,
    "quality_flags.png": plot_quality_flags,
    "topics_by_month.png": plot_topics_over_time,
}


def write_plots(summary: Summary, out_dir: str | Path) -> list[Path]:
    """Every plot as a PNG in ``out_dir`` (topics_by_month.png only when documents have dates)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, plot in PLOTS.items():
        if name == "topics_by_month.png" and not summary.dated:
            continue
        plot(summary, out / name)
        written.append(out / name)
    return written
