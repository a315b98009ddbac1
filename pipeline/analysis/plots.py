"""Plots of a :class:`~pipeline.analysis.summary.Summary` (matplotlib, no pyplot state).

Each ``plot_*`` function builds a :class:`matplotlib.figure.Figure` directly, so it
works the same in a script, a server (rendered with Agg when saved) and a notebook
(the figure displays inline), and never touches the global pyplot backend. With
``path`` the figure is also written as PNG. :func:`write_plots` writes all of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .summary import UNCATEGORISED, Summary

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


def _neighbour_order(pairs) -> list[str]:
    """People in an order that keeps people who appear together next to each other.

    Breadth-first through each connected group, starting from its best-connected person;
    groups by size. Deterministic: ties by name.
    """
    neighbours: dict[str, dict[str, int]] = {}
    for a, b, weight in zip(pairs["actor_a"], pairs["actor_b"], pairs["documents"] + 2 * pairs["events"]):
        neighbours.setdefault(a, {})[b] = weight
        neighbours.setdefault(b, {})[a] = weight
    strength = {p: sum(n.values()) for p, n in neighbours.items()}
    seen: set[str] = set()
    groups = []
    for start in sorted(neighbours, key=lambda p: (-strength[p], p)):
        if start in seen:
            continue
        group, queue = [], [start]
        seen.add(start)
        while queue:
            person = queue.pop(0)
            group.append(person)
            for other in sorted(neighbours[person], key=lambda o: (-neighbours[person][o], o)):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        groups.append(group)
    groups.sort(key=lambda g: -len(g))
    return [p for g in groups for p in g]


MET_COLOR = "#e8590c"


def plot_cooccurrence(summary: Summary, path: str | Path | None = None, *, top: int = 15) -> Figure:
    """Who is mentioned with whom, and who met whom: a people x people matrix with both counts.

    A cell's blue shade and number are the articles in which both people are actors; an
    orange disc on it means they are participants of the same meeting event, with the
    number of meetings inside. The ``top`` people most often paired (meetings count
    double) are drawn, ordered so that people who appear together sit next to each other.
    """
    title = "Who is mentioned with whom, and who met"
    table = summary.cooccurrence
    if table.empty:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no two people in the same document"), path)
    strength: Counter = Counter()
    for a, b, docs, events in zip(table["actor_a"], table["actor_b"], table["documents"], table["events"]):
        strength[a] += docs + 2 * events
        strength[b] += docs + 2 * events
    chosen = set(sorted(strength, key=lambda p: (-strength[p], p))[:top])
    pairs = table[table["actor_a"].isin(chosen) & table["actor_b"].isin(chosen)]
    people = _neighbour_order(pairs) + sorted(chosen - set(pairs["actor_a"]) - set(pairs["actor_b"]))
    index = {p: i for i, p in enumerate(people)}
    n = len(people)
    docs = np.zeros((n, n))
    met = np.zeros((n, n))
    for a, b, d, e in zip(pairs["actor_a"], pairs["actor_b"], pairs["documents"], pairs["events"]):
        i, j = index[a], index[b]
        docs[i, j] = docs[j, i] = d
        met[i, j] = met[j, i] = e
    longest = max(len(p) for p in people)
    side = max(4.5, 0.42 * n + 1.2)
    fig = Figure(figsize=(side + 0.075 * longest + 1.4, side + 0.06 * longest + 1.2), layout="constrained")
    ax = fig.add_subplot()
    vmax = max(docs.max(), 1)
    image = ax.imshow(np.ma.masked_equal(docs, 0), cmap=_cmap("Blues"), vmin=0, vmax=vmax * 1.15, aspect="equal")
    top_met = max(met.max(), 1)
    for i in range(n):
        for j in range(n):
            if met[i, j]:
                ax.scatter([j], [i], s=90 + 160 * met[i, j] / top_met, color=MET_COLOR, zorder=3, edgecolors="white", linewidths=0.8)
                ax.text(j, i, f"{int(met[i, j])}", ha="center", va="center", fontsize=8, color="white", fontweight="bold", zorder=4)
            elif docs[i, j]:
                ax.text(j, i, f"{int(docs[i, j])}", ha="center", va="center", fontsize=8.5,
                        color="white" if docs[i, j] > 0.6 * vmax else "#1f2328")
    ax.set_xticks(range(n), people, rotation=45, ha="right", fontsize=9.5)
    ax.set_yticks(range(n), people, fontsize=9.5)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="#e3e3e3", linewidth=0.8)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(n):
        ax.add_patch(_square(i, "#f0f0f0"))
    bar = fig.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
    bar.set_label("articles with both", fontsize=9.5)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    from matplotlib.lines import Line2D

    disc = Line2D([], [], marker="o", linestyle="", markersize=10, color=MET_COLOR, label="met: in the same meeting (number: meetings)")
    fig.legend(handles=[disc], loc="outside lower center", fontsize=9, frameon=False)
    n_met = int((table["events"] > 0).sum())
    more = f" Drawn: the {n} people most often paired, of {len(strength):,}." if len(strength) > n else ""
    _titles(fig, ax, title, f"{summary.annotated:,} documents: {len(table):,} pairs of people in the same article, "
                            f"{n_met:,} of them met.{more}")
    return _save(fig, path)


def _square(i: int, color: str):
    from matplotlib.patches import Rectangle

    return Rectangle((i - 0.5, i - 0.5), 1, 1, facecolor=color, edgecolor="none", zorder=1)


def _periods(table):
    """Months, or quarters / years when the dates span more than 3 / 8 years (a panel stays readable)."""
    months = pd.PeriodIndex(table["month"], freq="M")
    span = (months.max() - months.min()).n + 1
    freq, name = ("M", "month") if span <= 36 else ("Q", "quarter") if span <= 96 else ("Y", "year")
    return months.asfreq(freq), name


def plot_topics_over_time(summary: Summary, path: str | Path | None = None, *, categories: int | None = None,
                          columns: int = 4) -> Figure:
    """Small multiples: for every topic category, the share of each period's documents with a topic of it.

    One panel per category (all of them unless ``categories`` caps the number, which the
    note then says), on a shared scale, biggest category first. Periods are months, or
    quarters or years when the dates span many years; periods without documents are gaps.
    """
    title = "Topic categories over time"
    table = summary.topics_by_month
    if table.empty:
        return _save(_empty(Figure(figsize=(7, 3), layout="constrained"), title, "no annotated document has a source date"), path)
    periods, unit = _periods(table)
    frame = table.assign(period=periods)
    per_period = frame.drop_duplicates("month").groupby("period")["month_documents"].sum()
    counts = frame.pivot_table(index="period", columns="category", values="documents", aggfunc="sum", fill_value=0)
    full = pd.period_range(per_period.index.min(), per_period.index.max(), freq=per_period.index.freq)
    totals = per_period.reindex(full)
    order = frame.groupby("category")["documents"].sum().sort_values(ascending=False, kind="stable")
    order = pd.concat([order.drop(UNCATEGORISED, errors="ignore"), order.reindex([UNCATEGORISED]).dropna()])  # last
    shown = list(order.index if categories is None else order.index[:categories])
    share = counts.reindex(full).reindex(columns=shown).fillna(0).div(totals, axis=0)
    cols = min(columns, len(shown))
    rows = int(np.ceil(len(shown) / cols))
    fig = Figure(figsize=(2.6 * cols + 0.8, 1.9 * rows + 1.3), layout="constrained")
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    x = np.arange(len(full))
    labels = [str(p) for p in full]
    for i, category in enumerate(shown):
        ax = axes[i // cols][i % cols]
        y = share[category].to_numpy(dtype=float)
        for empty in np.flatnonzero(totals.isna().to_numpy()):
            ax.axvspan(empty - 0.5, empty + 0.5, color="#efefef", linewidth=0)
        if len(x) <= 24:  # few periods: a bar each (no line across a period without documents)
            ax.bar(x, np.nan_to_num(y), width=0.75, color="#4c78a8")
        else:
            ax.fill_between(x, 0, np.nan_to_num(y), color="#4c78a8", alpha=0.25)
            ax.plot(x, y, color="#4c78a8", linewidth=1.5)
        ax.set_title(f"{category} ({int(order[category]):,})", fontsize=10, loc="left")
        ax.grid(axis="y", color="#e5e5e5")
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(0, max(0.05, float(np.nanmax(share.to_numpy(dtype=float)))) * 1.1)
    for j in range(len(shown), rows * cols):
        axes[j // cols][j % cols].axis("off")
    step = max(1, int(np.ceil(len(x) / 6)))
    for ax in axes[-1]:
        ax.set_xticks(x[::step], labels[::step], rotation=35, ha="right", fontsize=8.5)
    for r in range(rows):  # the last panel of a short row keeps its labels
        for c in range(cols):
            if r * cols + c < len(shown) and (r + 1) * cols + c >= len(shown):
                axes[r][c].xaxis.set_tick_params(labelbottom=True)
                axes[r][c].set_xticks(x[::step], labels[::step], rotation=35, ha="right", fontsize=8.5)
    hidden = len(order) - len(shown)
    more = f"; {hidden} smaller categories not drawn" if hidden else ""
    fig.suptitle(title, fontsize=TITLE_SIZE, fontweight="bold")
    fig.supxlabel(f"Share of each {unit}'s documents with a topic of the category ({summary.dated:,} dated documents; "
                  f"in brackets: documents; grey: no dated documents){more}.", fontsize=NOTE_SIZE, color="#555555")
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
