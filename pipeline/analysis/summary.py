"""Cross-document aggregates: who holds which stance, which topics, who appears with whom.

:func:`summarize` turns :class:`~pipeline.analysis.frames.Annotations` into a
:class:`Summary` of small DataFrames (each documented on the class). Every count is
of annotated documents (``status == "ok"``) or of rows of the frames; "documents"
columns count distinct ``doc_id``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

from .frames import FLAGS, Annotations, load_annotations

UNCATEGORISED = "uncategorised"  # positions and topics whose category the taxonomy left open
SPEAKER_TYPES = ("person", "group", "organization", "country", "unattributed")  # schema.Claim.speaker_type
EXAMPLE_CHARS = 90  # example stances are cut to this many characters in the stance table


@dataclass(repr=False)
class Summary:
    """Aggregates over a set of annotations (from :func:`summarize`).

    ``stances``: one row per (actor, category): actor, actor_kb_id, category (a
        taxonomy category, or "uncategorised"), positions (rows of ``positions``),
        documents, examples (the most frequent distinct stances, " | "-joined).
        Actors are those whose label is in ``actor_labels`` (people by default).
        Sorted by the actor's total positions, then positions.
    ``stance_matrix``: actor x category counts of positions (the heat map), actors
        by total, categories by total with "uncategorised" last.
    ``topics``: label (most frequent spelling; labels are grouped case-insensitively),
        category, documents, mentions.
    ``topic_categories``: category, documents, mentions, share (of annotated documents).
    ``topics_by_month``: month ("YYYY-MM" of ``documents.date``), category, documents,
        mentions, month_documents (dated documents that month), share (documents /
        month_documents: growth that is not just more articles). Empty without dates.
    ``cooccurrence``: actor_a, actor_b (alphabetical), documents (both are actors of
        the document), events (meeting events with both as participants).
    ``claims_by_speaker_type``: speaker_type, claims, documents, hedged, share (of claims).
    ``speakers``: speaker (canonical name), speaker_type, claims, documents.
    ``quality``: flag, documents, share (of annotated documents); "(any)" is the
        documents with at least one flag.
    """

    documents: int
    annotated: int
    error_records: int
    dated: int
    stances: pd.DataFrame
    stance_matrix: pd.DataFrame
    topics: pd.DataFrame
    topic_categories: pd.DataFrame
    topics_by_month: pd.DataFrame
    cooccurrence: pd.DataFrame
    claims_by_speaker_type: pd.DataFrame
    speakers: pd.DataFrame
    quality: pd.DataFrame

    TABLES = ("quality", "stances", "stance_matrix", "topic_categories", "topics", "topics_by_month",
              "cooccurrence", "claims_by_speaker_type", "speakers")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}

    def headline(self) -> str:
        return (f"{self.documents} documents ({self.annotated} annotated, {self.error_records} error records); "
                f"{self.dated} with a date")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}: {len(frame)} rows" for name, frame in self.tables().items())
        return f"Summary({self.headline()}; {sizes})"

    def to_markdown(self, top: int | None = 15) -> str:
        """The summary as Markdown: a section per table, at most ``top`` rows each (None: all)."""
        parts = ["# newsclaims summary", "", self.headline() + ".", ""]

        def section(title: str, frame: pd.DataFrame, note: str = "", index: bool = False) -> None:
            parts.extend([f"## {title}", ""])
            if note:
                parts.extend([note, ""])
            shown = frame if top is None else frame.head(top)
            parts.append(markdown_table(shown, index=index) if len(frame) else "(none)")
            if top is not None and len(frame) > top:
                parts.append(f"\n({len(frame) - top} more rows)")
            parts.append("")

        section("Quality flags", self.quality, "Share of annotated documents with each cleaning flag.")
        section("Stances: leader x topic category", self.stances,
                "Positions per actor and category, with the most frequent stances.")
        section("Topic categories", self.topic_categories)
        section("Topics", self.topics)
        if len(self.topics_by_month):
            pivot = self.topics_by_month.pivot_table(index="month", columns="category", values="documents",
                                                     aggfunc="sum", fill_value=0, observed=True)
            section("Topics by month", pivot, "Documents per category and month.", index=True)
        else:
            parts.extend(["## Topics by month", "", "No annotated document has a source date.", ""])
        section("Leaders appearing together", self.cooccurrence,
                "Pairs of people who are actors of the same document; events: meetings with both.")
        section("Claims by speaker type", self.claims_by_speaker_type)
        section("Speakers", self.speakers)
        return "\n".join(parts).rstrip() + "\n"

    def write(self, out_dir: str | Path) -> list[Path]:
        """One CSV per table plus ``summary.md`` (at most 100 rows per table) in ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in self.tables().items():
            path = out / f"{name}.csv"
            frame.to_csv(path, index=name == "stance_matrix")
            written.append(path)
        path = out / "summary.md"
        path.write_text(self.to_markdown(top=100), encoding="utf-8")
        return written + [path]


def summarize(
    source,
    *,
    actor_labels: tuple[str, ...] | None = ("PERSON",),
    examples: int = 3,
    out_dir: str | Path | None = None,
    plots_dir: str | Path | None = None,
) -> Summary:
    """Aggregate annotations across documents (see :class:`Summary` for the tables).

    ``source``: an :class:`Annotations` or what :func:`load_annotations` accepts.
    ``actor_labels``: which actors count as leaders in the stance and co-occurrence
    tables (None: every actor, countries included). ``examples``: example stances per
    cell. ``out_dir`` writes the tables (:meth:`Summary.write`), ``plots_dir`` the PNG
    plots (:func:`pipeline.analysis.plots.write_plots`).
    """
    ann = source if isinstance(source, Annotations) else load_annotations(source)
    docs = ann.documents
    ok = docs[docs["status"] == "ok"]
    labels = set(actor_labels) if actor_labels else None
    summary = Summary(
        documents=len(docs),
        annotated=len(ok),
        error_records=len(docs) - len(ok),
        dated=int(ok["date"].notna().sum()),
        stances=_stances(ann.positions, labels, examples),
        stance_matrix=_stance_matrix(ann.positions, labels),
        topics=_topics(ann.topics),
        topic_categories=_topic_categories(ann.topics, len(ok)),
        topics_by_month=_topics_by_month(ann.topics, ok),
        cooccurrence=_cooccurrence(ann.actors, ann.events, labels),
        claims_by_speaker_type=_claims_by_speaker_type(ann.claims),
        speakers=_speakers(ann.claims),
        quality=_quality(ok),
    )
    if out_dir is not None:
        summary.write(out_dir)
    if plots_dir is not None:
        from .plots import write_plots

        write_plots(summary, plots_dir)
    return summary


# --- the tables ---------------------------------------------------------------------------


def _leader_positions(positions: pd.DataFrame, labels: set[str] | None) -> pd.DataFrame:
    if labels is not None:
        positions = positions[positions["actor_label"].isin(labels)]
    return pd.DataFrame({
        "doc_id": positions["doc_id"],
        "actor": positions["actor"].astype("str"),
        "actor_kb_id": positions["actor_kb_id"].astype("str"),
        "category": positions["category"].astype("str").fillna(UNCATEGORISED),
        "stance": positions["stance"].astype("str"),
    })


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


def _stances(positions: pd.DataFrame, labels: set[str] | None, examples: int) -> pd.DataFrame:
    columns = ["actor", "actor_kb_id", "category", "positions", "documents", "examples"]
    pos = _leader_positions(positions, labels)
    if pos.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("positions", "documents") else "str") for c in columns})
    keys = ["actor", "category"]
    grouped = pos.groupby(keys, sort=False)
    table = pd.DataFrame({
        "actor_kb_id": grouped["actor_kb_id"].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        "positions": grouped.size(),
        "documents": grouped["doc_id"].nunique(),
    })
    # the most frequent distinct stances first (ties: first seen)
    counts = pos.groupby(keys + ["stance"], sort=False).size().rename("n").reset_index()
    counts = counts.sort_values("n", ascending=False, kind="stable")
    table["examples"] = counts.groupby(keys, sort=False).head(examples).groupby(keys, sort=False)["stance"].agg(
        lambda s: " | ".join(_short(x) for x in s))
    table = table.reset_index()
    table["actor_total"] = table.groupby("actor")["positions"].transform("sum")
    table = table.sort_values(["actor_total", "actor", "positions", "category"],
                              ascending=[False, True, False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def _stance_matrix(positions: pd.DataFrame, labels: set[str] | None) -> pd.DataFrame:
    pos = _leader_positions(positions, labels)
    if pos.empty:
        return pd.DataFrame(index=pd.Index([], name="actor", dtype="str"))
    matrix = pd.crosstab(pos["actor"], pos["category"])
    rows, cols = matrix.sum(axis=1), matrix.sum(axis=0)
    matrix = matrix.loc[sorted(rows.index, key=lambda a: (-rows[a], a)),
                        sorted(cols.index, key=lambda c: (c == UNCATEGORISED, -cols[c], c))]
    matrix.index.name, matrix.columns.name = "actor", "category"
    return matrix


def _topics(topics: pd.DataFrame) -> pd.DataFrame:
    columns = ["label", "category", "documents", "mentions"]
    if topics.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("documents", "mentions") else "str") for c in columns})
    frame = pd.DataFrame({
        "key": topics["label"].str.strip().str.lower(),
        "label": topics["label"].str.strip(),
        "category": topics["category"].astype("str"),
        "doc_id": topics["doc_id"],
    })
    grouped = frame.groupby("key", sort=False)
    table = pd.DataFrame({
        "label": grouped["label"].agg(lambda s: s.value_counts().index[0]),
        "category": grouped["category"].agg(lambda s: s.value_counts().index[0] if s.notna().any() else None),
        "documents": grouped["doc_id"].nunique(),
        "mentions": grouped.size(),
    })
    table = table.rename_axis("key").reset_index()  # ties: case-insensitive label order
    table = table.sort_values(["documents", "mentions", "key"], ascending=[False, False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def _topic_categories(topics: pd.DataFrame, annotated: int) -> pd.DataFrame:
    frame = pd.DataFrame({"category": topics["category"].astype("str").fillna(UNCATEGORISED), "doc_id": topics["doc_id"]})
    grouped = frame.groupby("category")
    table = pd.DataFrame({"documents": grouped["doc_id"].nunique(), "mentions": grouped.size()})
    table["share"] = (table["documents"] / annotated).round(4) if annotated else 0.0
    table = table.reset_index().sort_values(["documents", "mentions", "category"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)


def _topics_by_month(topics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    columns = ["month", "category", "documents", "mentions", "month_documents", "share"]
    dated = documents[documents["date"].notna()].drop_duplicates("doc_id")
    if dated.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c not in ("month", "category", "share") else "str") for c in columns})
    month_of = pd.Series(dated["date"].dt.strftime("%Y-%m").to_numpy(), index=dated["doc_id"].astype("str").to_numpy())
    month_documents = month_of.value_counts()
    frame = pd.DataFrame({
        "month": topics["doc_id"].astype("str").map(month_of),
        "category": topics["category"].astype("str").fillna(UNCATEGORISED),
        "doc_id": topics["doc_id"],
    }).dropna(subset=["month"])
    grouped = frame.groupby(["month", "category"])
    table = pd.DataFrame({"documents": grouped["doc_id"].nunique(), "mentions": grouped.size()}).reset_index()
    table["month_documents"] = table["month"].map(month_documents).astype("int64")
    table["share"] = (table["documents"] / table["month_documents"]).round(4)
    return table.sort_values(["month", "documents", "category"], ascending=[True, False, True], kind="stable")[columns].reset_index(drop=True)


def _cooccurrence(actors: pd.DataFrame, events: pd.DataFrame, labels: set[str] | None) -> pd.DataFrame:
    columns = ["actor_a", "actor_b", "documents", "events"]
    people = actors if labels is None else actors[actors["label"].isin(labels)]
    people = pd.DataFrame({"doc_id": people["doc_id"], "name": people["canonical"].astype("str")}).dropna().drop_duplicates()
    pairs = people.merge(people, on="doc_id")
    pairs = pairs[pairs["name_x"] < pairs["name_y"]]
    documents = pairs.groupby(["name_x", "name_y"]).size()
    in_events: Counter = Counter()
    for participants in events["participants"]:
        for a, b in combinations(sorted(set(participants)), 2):
            in_events[(a, b)] += 1
    table = pd.DataFrame({"documents": documents})
    if in_events:
        table = table.join(pd.Series(in_events, name="events").rename_axis(["name_x", "name_y"]), how="outer")
    else:
        table["events"] = 0
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("documents", "events") else "str") for c in columns})
    table = table.fillna(0).astype("int64").reset_index()
    table.columns = columns
    table = table.sort_values(["documents", "events", "actor_a", "actor_b"], ascending=[False, False, True, True], kind="stable")
    return table.reset_index(drop=True)


def _claims_by_speaker_type(claims: pd.DataFrame) -> pd.DataFrame:
    kinds = claims["speaker_type"].astype("str")
    grouped = pd.DataFrame({"speaker_type": kinds, "doc_id": claims["doc_id"], "hedged": claims["hedged"]}).groupby("speaker_type")
    seen = list(dict.fromkeys([*SPEAKER_TYPES, *sorted(set(kinds.dropna()) - set(SPEAKER_TYPES))]))
    table = pd.DataFrame({
        "claims": grouped.size(),
        "documents": grouped["doc_id"].nunique(),
        "hedged": grouped["hedged"].sum(),
    }).reindex(seen).fillna(0).astype("int64")
    total = int(table["claims"].sum())
    table["share"] = (table["claims"] / total).round(4) if total else 0.0
    return table.rename_axis("speaker_type").reset_index()


def _speakers(claims: pd.DataFrame) -> pd.DataFrame:
    columns = ["speaker", "speaker_type", "claims", "documents"]
    frame = pd.DataFrame({
        "speaker": claims["speaker_canonical"],
        "speaker_type": claims["speaker_type"].astype("str"),
        "doc_id": claims["doc_id"],
    }).explode("speaker").dropna(subset=["speaker"])
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("claims", "documents") else "str") for c in columns})
    grouped = frame.groupby("speaker")
    table = pd.DataFrame({
        "speaker_type": grouped["speaker_type"].agg(lambda s: s.value_counts().index[0]),
        "claims": grouped.size(),
        "documents": grouped["doc_id"].nunique(),
    }).reset_index()
    return table.sort_values(["claims", "documents", "speaker"], ascending=[False, False, True], kind="stable")[columns].reset_index(drop=True)


def _quality(documents: pd.DataFrame) -> pd.DataFrame:
    total = len(documents)
    counts: Counter = Counter({flag: 0 for flag in FLAGS})
    for combination, n in documents["flags"].astype("str").value_counts().items():
        for flag in filter(None, str(combination).split(",")):
            counts[flag] += int(n)
    any_flag = int((documents["flags"].astype("str") != "").sum()) if total else 0
    rows = [(flag, counts[flag]) for flag in FLAGS] + [(f, n) for f, n in sorted(counts.items()) if f not in FLAGS]
    rows.append(("(any)", any_flag))
    table = pd.DataFrame(rows, columns=["flag", "documents"])
    table["share"] = (table["documents"] / total).round(4) if total else 0.0
    return table


# --- Markdown without tabulate --------------------------------------------------------------


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A GitHub-flavoured Markdown table (numbers right-aligned; shares as percentages)."""
    if index:
        frame = frame.reset_index()
    headers = [str(c) for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for header, value in zip(headers, values):
            cells.append(f"{value:.1%}" if header == "share" and isinstance(value, float) else _cell(value))
        rows.append(cells)
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if num else "---" for num in numeric) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)
