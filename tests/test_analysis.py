"""pipeline.analysis: frames from JSONL shards, aggregates on known input, export, view, plots, CLI.

The input is a small dump written here (no model needed): three annotated documents, one
error record and one line that is not JSON, split over a .jsonl file and a .jsonl.gz shard.
"""

import gzip
import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.analysis import (
    COLUMNS, FRAMES, AnalysisError, load_annotations, plot_cooccurrence, plot_stance_heatmap, plot_topics_over_time,
    show, summarize, view, write_plots,
)
from pipeline.analysis import export as export_frames
from pipeline.schema import AnnotationRecord


def _record(doc_id, text, *, date=None, flags=(), entities=(), actors=(), topics=(), positions=(), claims=(), events=()):
    """A valid AnnotationRecord line; spans are given by their text (first occurrence after ``from``)."""

    def span(phrase, after=0):
        start = text.index(phrase, after)
        return start, start + len(phrase)

    def evidence(phrase):
        start, end = span(phrase)
        return {"block": 0, "start": start, "end": end, "rule": "test.v1"}

    ents = []
    for phrase, label, canonical, after in entities:
        start, end = span(phrase, after)
        ents.append({"text": phrase, "label": label, "start": start, "end": end, "block": 0, "canonical": canonical,
                     "kb_id": None, "country": None})
    record = AnnotationRecord.model_validate({
        "doc_id": doc_id,
        "source": {"path": f"in/{doc_id}.txt", "date": date},
        "title": f"Title {doc_id}",
        "text": text,
        "cleaning": {"fixes": [{"kind": f, "count": 1} for f in flags], "flags": list(flags)},
        "blocks": [{"id": 0, "kind": "paragraph", "start": 0, "end": len(text)}],
        "entities": ents,
        "actors": [{"canonical": c, "label": label, "mentions": m} for c, label, m in actors],
        "topics": [{"label": label, "category": cat, "method": "sentence", "evidence": evidence(phrase)} for label, cat, phrase in topics],
        "positions": [{"actor": actor, "category": cat, "stance": stance, "method": "sentence", "evidence": evidence(stance)}
                      for actor, cat, stance in positions],
        "claims": [{"text": phrase, "start": span(phrase)[0], "end": span(phrase)[1], "speaker": speaker,
                    "speaker_canonical": canonical, "speaker_type": kind, "block": 0} for phrase, speaker, canonical, kind in claims],
        "events": [{"participants": list(p), "location": loc, "evidence": evidence(phrase)} for p, loc, phrase in events],
    })
    return record.model_dump_json()


DOC_A = _record(
    "a", "Vladimir Putin met Xi Jinping in Beijing. Putin said energy ties would grow.",
    date="2025-01-10", flags=("llm_chat_artifact", "mojibake"),
    entities=[("Vladimir Putin", "PERSON", "Vladimir Putin", 0), ("Xi Jinping", "PERSON", "Xi Jinping", 0),
              ("Beijing", "PLACE", "Beijing", 0), ("Putin", "PERSON", "Vladimir Putin", 20)],
    actors=[("Vladimir Putin", "PERSON", 2), ("Xi Jinping", "PERSON", 1), ("Beijing", "PLACE", 1)],
    topics=[("energy ties", "energy", "energy ties")],
    positions=[("Vladimir Putin", "energy", "energy ties would grow"), ("Xi Jinping", "energy", "energy ties")],
    claims=[("energy ties would grow", "Putin", ["Vladimir Putin"], "person")],
    events=[(("Vladimir Putin", "Xi Jinping"), "Beijing", "Vladimir Putin met Xi Jinping in Beijing")],
)
DOC_B = _record(
    "b", "Xi Jinping and Narendra Modi discussed trade. Russia wants security. Vladimir Putin was absent, analysts said.",
    date="2025-02-03T09:30:00+02:00",
    entities=[("Xi Jinping", "PERSON", "Xi Jinping", 0), ("Narendra Modi", "PERSON", "Narendra Modi", 0),
              ("Russia", "COUNTRY", "Russia", 0), ("Vladimir Putin", "PERSON", "Vladimir Putin", 0)],
    actors=[("Xi Jinping", "PERSON", 1), ("Narendra Modi", "PERSON", 1), ("Russia", "COUNTRY", 1), ("Vladimir Putin", "PERSON", 1)],
    topics=[("Trade", "economy", "trade")],
    positions=[("Xi Jinping", "economy", "trade"), ("Narendra Modi", "economy", "trade"), ("Russia", "security", "security")],
    claims=[("Vladimir Putin was absent", "analysts", [], "group")],
)
DOC_C = _record(
    "c", "Narendra Modi spoke about energy and much else.",
    flags=("duplicate_content",),
    entities=[("Narendra Modi", "PERSON", "Narendra Modi", 0)],
    actors=[("Narendra Modi", "PERSON", 1)],
    positions=[("Narendra Modi", "energy", "energy"), ("Narendra Modi", None, "much else")],
    claims=[("much else", None, [], "unattributed")],
)
ERROR_D = AnnotationRecord.model_validate({"doc_id": "d", "status": "error", "error": {"type": "EmptyText", "message": "empty"},
                                           "source": {"path": "in/d.txt"}}).model_dump_json()


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    """run-00000.jsonl (a, b, a bad line) and run-00001.jsonl.gz (c, the error record d)."""
    folder = tmp_path_factory.mktemp("dump")
    (folder / "run-00000.jsonl").write_text(f"{DOC_A}\n{DOC_B}\n{{not json\n", encoding="utf-8")
    with gzip.open(folder / "run-00001.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(f"{DOC_C}\n\n{ERROR_D}\n")
    return folder


@pytest.fixture(scope="module")
def ann(dump):
    return load_annotations(str(dump / "run-*"), text=True)


@pytest.fixture(scope="module")
def summary(ann):
    return summarize(ann)


# --- loading -----------------------------------------------------------------------------


def test_analysis_frames_have_stable_columns(ann, tmp_path):
    for name in FRAMES:
        expected = [column for column, _ in COLUMNS[name]] + (["text"] if name == "documents" else [])
        assert list(getattr(ann, name).columns) == expected, name
    only_error = tmp_path / "only-error.jsonl"
    only_error.write_text(ERROR_D + "\n", encoding="utf-8")
    empty = load_annotations(only_error)
    for name in FRAMES:
        assert list(getattr(empty, name).columns) == [column for column, _ in COLUMNS[name]], name
    assert len(empty.entities) == 0 and len(empty.documents) == 1


def test_analysis_reads_jsonl_and_gz_shards_in_order(ann, dump):
    assert list(ann.documents["doc_id"].astype(str)) == ["a", "b", "c", "d"]
    assert [p.name for p in ann.paths] == ["run-00000.jsonl", "run-00001.jsonl.gz"]
    same = load_annotations([dump / "run-00000.jsonl", dump / "run-00001.jsonl.gz"])
    assert same.documents["doc_id"].astype(str).tolist() == ["a", "b", "c", "d"]
    assert len(load_annotations(dump).documents) == 4  # a directory


def test_analysis_error_records_and_bad_lines_go_to_errors(ann):
    errors = ann.errors
    assert errors["error_type"].astype(str).tolist() == ["InvalidJSON", "EmptyText"]
    assert errors["annotation_line"].tolist() == [3, 3]
    assert errors["doc_id"].tolist()[1] == "d" and pd.isna(errors["doc_id"].tolist()[0])
    docs = ann.documents.set_index(ann.documents["doc_id"].astype(str))
    assert docs.loc["d", "status"] == "error" and docs.loc["d", "error_type"] == "EmptyText"
    assert (ann.entities["doc_id"].astype(str) != "d").all()


def test_analysis_document_columns(ann):
    docs = ann.documents.set_index(ann.documents["doc_id"].astype(str))
    assert docs.loc["a", "flags"] == "llm_chat_artifact,mojibake"
    assert docs.loc["a", "flag_mojibake"] and not docs.loc["b", "flag_mojibake"]
    assert docs.loc["a", "n_entities"] == 4 and docs.loc["a", "n_events"] == 1 and docs.loc["a", "n_fixes"] == 2
    assert docs.loc["a", "date"] == pd.Timestamp("2025-01-10")
    assert docs.loc["b", "date"] == pd.Timestamp("2025-02-03 07:30")  # UTC
    assert pd.isna(docs.loc["c", "date"])
    assert docs.loc["c", "annotation_file"].endswith("run-00001.jsonl.gz") and docs.loc["c", "annotation_line"] == 1


def test_analysis_rows_carry_doc_id_and_offsets(ann):
    texts = dict(zip(ann.documents["doc_id"].astype(str), ann.documents["text"]))
    for name in ("entities", "claims"):
        frame = getattr(ann, name)
        for doc_id, start, end, text in zip(frame["doc_id"].astype(str), frame["start"], frame["end"], frame["text"]):
            assert texts[doc_id][start:end] == text
    for name in ("topics", "positions", "events", "actors"):
        assert {"doc_id", "start", "end"} <= set(getattr(ann, name).columns)
    putin = ann.actors[(ann.actors["doc_id"] == "a") & (ann.actors["canonical"] == "Vladimir Putin")].iloc[0]
    assert (putin["start"], putin["end"]) == (0, 14)  # the first mention
    topic = ann.topics.iloc[0]
    assert texts["a"][topic["start"]:topic["end"]] == "energy ties"


def test_analysis_uses_categoricals_shared_doc_ids(ann):
    assert isinstance(ann.entities["label"].dtype, pd.CategoricalDtype)
    assert isinstance(ann.positions["category"].dtype, pd.CategoricalDtype)
    assert ann.entities["doc_id"].dtype == ann.claims["doc_id"].dtype == ann.documents["doc_id"].dtype
    merged = ann.positions.merge(ann.documents[["doc_id", "date"]], on="doc_id")
    assert len(merged) == len(ann.positions)


def test_analysis_tuples_and_position_actor_labels(ann):
    assert ann.events["participants"].tolist() == [("Vladimir Putin", "Xi Jinping")]
    assert ann.claims["speaker_canonical"].tolist() == [("Vladimir Putin",), (), ()]
    labels = dict(zip(ann.positions["actor"].astype(str), ann.positions["actor_label"].astype(str)))
    assert labels["Russia"] == "COUNTRY" and labels["Xi Jinping"] == "PERSON"


def test_analysis_validate_reports_invalid_records(tmp_path):
    broken = json.loads(DOC_A)
    broken["entities"][0]["text"] = "Vladimir"  # no longer text[start:end]
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(broken) + "\n" + DOC_B + "\n", encoding="utf-8")
    assert len(load_annotations(path).errors) == 0  # not checked by default
    checked = load_annotations(path, validate=True)
    assert checked.errors["error_type"].astype(str).tolist() == ["ValidationError"]
    assert checked.documents["doc_id"].astype(str).tolist() == ["b"]


def test_analysis_record_reads_one_document_back(ann):
    assert ann.record("c")["text"].startswith("Narendra Modi")
    with pytest.raises(AnalysisError, match="no document"):
        ann.record("zzz")


def test_analysis_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(AnalysisError, match=r"analysis\.E001.*does not exist"):
        load_annotations(tmp_path / "nothing.jsonl")
    with pytest.raises(AnalysisError, match="no file matches"):
        load_annotations(str(tmp_path / "run-*.jsonl.gz"))


# --- summarize -----------------------------------------------------------------------------


def test_analysis_summarize_counts(summary):
    assert (summary.documents, summary.annotated, summary.error_records, summary.dated) == (4, 3, 1, 2)


def test_analysis_summarize_stance_table(summary, ann):
    table = {(r.actor, r.category): (r.positions, r.documents) for r in summary.stances.itertuples()}
    assert table == {
        ("Narendra Modi", "economy"): (1, 1), ("Narendra Modi", "energy"): (1, 1), ("Narendra Modi", "uncategorised"): (1, 1),
        ("Xi Jinping", "economy"): (1, 1), ("Xi Jinping", "energy"): (1, 1),
        ("Vladimir Putin", "energy"): (1, 1),
    }
    assert summary.stances["actor"].tolist()[:3] == ["Narendra Modi"] * 3  # most positions first
    putin = summary.stances[summary.stances["actor"] == "Vladimir Putin"].iloc[0]
    assert putin["examples"] == "energy ties would grow"
    assert summary.stance_matrix.loc["Narendra Modi"].to_dict() == {"economy": 1, "energy": 1, "uncategorised": 1}
    assert list(summary.stance_matrix.columns)[-1] == "uncategorised"
    with_countries = summarize(ann, actor_labels=None)
    assert ("Russia", "security") in {(r.actor, r.category) for r in with_countries.stances.itertuples()}


def test_analysis_summarize_cooccurrence(summary):
    pairs = {(r.actor_a, r.actor_b): (r.documents, r.events) for r in summary.cooccurrence.itertuples()}
    assert pairs == {
        ("Vladimir Putin", "Xi Jinping"): (2, 1),
        ("Narendra Modi", "Xi Jinping"): (1, 0),
        ("Narendra Modi", "Vladimir Putin"): (1, 0),
    }
    assert summary.cooccurrence.iloc[0][["actor_a", "actor_b"]].tolist() == ["Vladimir Putin", "Xi Jinping"]


def test_analysis_summarize_topics_and_months(summary):
    assert summary.topics[["label", "category", "documents"]].values.tolist() == [["energy ties", "energy", 1], ["Trade", "economy", 1]]
    months = summary.topics_by_month[["month", "category", "documents", "month_documents", "share"]].values.tolist()
    assert months == [["2025-01", "energy", 1, 1, 1.0], ["2025-02", "economy", 1, 1, 1.0]]
    shares = dict(zip(summary.topic_categories["category"], summary.topic_categories["share"]))
    assert shares == {"economy": round(1 / 3, 4), "energy": round(1 / 3, 4)}


def test_analysis_summarize_claims_and_quality(summary):
    claims = {r.speaker_type: r.claims for r in summary.claims_by_speaker_type.itertuples()}
    assert claims == {"person": 1, "group": 1, "organization": 0, "country": 0, "unattributed": 1}
    assert summary.speakers[["speaker", "claims"]].values.tolist() == [["Vladimir Putin", 1]]
    quality = dict(zip(summary.quality["flag"], summary.quality["documents"]))
    assert quality == {"mojibake": 1, "llm_chat_artifact": 1, "duplicate_content": 1, "truncated": 0, "code_fence": 0,
                       "empty": 0, "(any)": 2}
    assert summary.quality.set_index("flag").loc["(any)", "share"] == round(2 / 3, 4)


def test_analysis_summarize_markdown_and_files(summary, tmp_path):
    text = summary.to_markdown(top=5)
    for heading in ("## Quality flags", "## Stances: leader x topic category", "## Topics by month",
                    "## Leaders appearing together", "## Claims by speaker type"):
        assert heading in text
    assert "| Vladimir Putin | Xi Jinping | 2 | 1 |" in text
    written = summary.write(tmp_path)
    assert {p.name for p in written} >= {"stances.csv", "cooccurrence.csv", "quality.csv", "summary.md"}
    assert len(pd.read_csv(tmp_path / "stances.csv")) == len(summary.stances)


# --- export, view, plots -----------------------------------------------------------------------


def test_analysis_export_parquet_round_trips(ann, tmp_path):
    paths = export_frames(ann, tmp_path / "parquet")
    assert [p.name for p in paths] == [f"{name}.parquet" for name in FRAMES]
    for name in FRAMES:
        frame = pd.read_parquet(tmp_path / "parquet" / f"{name}.parquet")
        assert len(frame) == len(getattr(ann, name)) and list(frame.columns) == list(getattr(ann, name).columns)
    events = pd.read_parquet(tmp_path / "parquet" / "events.parquet")
    assert list(events["participants"][0]) == ["Vladimir Putin", "Xi Jinping"]


def test_analysis_export_csv(ann, tmp_path):
    export_frames(ann, tmp_path, format="csv")
    events = pd.read_csv(tmp_path / "events.csv")
    assert events["participants"].tolist() == ["Vladimir Putin; Xi Jinping"]
    with pytest.raises(AnalysisError, match="unknown export format"):
        export_frames(ann, tmp_path, format="xlsx")


def test_analysis_view_writes_html_with_entity_markup(dump, tmp_path):
    page = view(str(dump / "run-*"), "a", tmp_path / "a.html")
    assert page == (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Title a</title>" in page
    assert 'class="nc-ent entity"' in page and 'class="nc-ent-label">PERSON</span>' in page and "Xi Jinping" in page
    assert 'id="claim-0"' in page and ">Putin</span>" in page and "topic: energy" in page  # claim speaker tag, topic tag
    assert "energy ties would grow" in page and "llm_chat_artifact" in page
    with pytest.raises(AnalysisError, match="no document"):
        view(str(dump / "run-*"), "zzz")


def test_analysis_show_accepts_records_and_error_records(ann):
    record = ann.record("a")
    html = show(record)._repr_html_()
    assert html.startswith("<style>") and 'class="nc-view"' in html
    assert show(AnnotationRecord.model_validate(record)).body == show(json.dumps(record)).body
    assert "EmptyText" in show(ann.record("d")).to_html()
    assert "<main" not in show(record, sections=("positions",)).body


def test_analysis_plots_written_as_png(summary, tmp_path):
    paths = write_plots(summary, tmp_path)
    assert {p.name for p in paths} == {"leader_topic_heatmap.png", "cooccurrence.png", "quality_flags.png", "topics_by_month.png"}
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000, path.name


def test_analysis_topics_over_time_draws_a_panel_for_every_category(summary):
    fig = plot_topics_over_time(summary)
    titled = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titled == ["economy (1)", "energy (1)"]  # every category, biggest first (ties: stable by name)
    assert "month" in fig._supxlabel.get_text()
    capped = plot_topics_over_time(summary, categories=1)
    assert len([ax for ax in capped.axes if ax.get_title(loc="left")]) == 1
    assert "1 smaller categories not drawn" in capped._supxlabel.get_text()


def test_analysis_cooccurrence_separates_met_from_mentioned(summary):
    fig = plot_cooccurrence(summary)
    ax = fig.axes[0]
    people = [t.get_text() for t in ax.get_yticklabels()]
    assert set(people) == {"Vladimir Putin", "Xi Jinping", "Narendra Modi"}
    discs = [c for c in ax.collections if c.get_offsets().shape[0] == 1]
    assert len(discs) == 2  # Putin-Xi met once: one disc on each side of the diagonal, none for Xi-Modi
    met = {(people[int(round(y))], people[int(round(x))]) for x, y in (d.get_offsets()[0] for d in discs)}
    assert met == {("Vladimir Putin", "Xi Jinping"), ("Xi Jinping", "Vladimir Putin")}
    shade = ax.images[0].get_array()  # articles with both
    putin, xi, modi = (people.index(p) for p in ("Vladimir Putin", "Xi Jinping", "Narendra Modi"))
    assert shade[putin, xi] == 2 and shade[xi, modi] == 1 and shade[putin, modi] == 1
    assert [t.get_text() for t in ax.texts].count("1") == 6  # meetings on the met cells, articles on the others
    assert "2 of them met" not in ax.get_title() and "1 of them met" in ax.get_title()
    assert len(plot_cooccurrence(summary, top=2).axes[0].get_yticklabels()) == 2


def test_analysis_heatmap_leaders_are_people_unless_asked(ann):
    people = plot_stance_heatmap(summarize(ann)).axes[0]
    assert "Russia" not in [t.get_text() for t in people.get_yticklabels()]
    everyone = plot_stance_heatmap(summarize(ann, actor_labels=None)).axes[0]
    assert "Russia" in [t.get_text() for t in everyone.get_yticklabels()]


def test_analysis_plots_of_empty_annotations(tmp_path):
    only_error = tmp_path / "only-error.jsonl"
    only_error.write_text(ERROR_D + "\n", encoding="utf-8")
    paths = write_plots(summarize(only_error), tmp_path / "plots")
    assert len(paths) == 3 and all(p.stat().st_size > 1_000 for p in paths)


# --- command line ------------------------------------------------------------------------------

# The commands run on pipeline.cli's app with the analysis commands registered (register is
# idempotent, so this is the same app once pipeline/cli.py calls it itself).
_RUNNER = "from pipeline.cli import app, main; from pipeline.cli_analysis import register; register(app); main()"


def run(*args):
    return subprocess.run([sys.executable, "-c", _RUNNER, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_analysis_cli_commands_have_help():
    for command in ("view", "export", "summarize"):
        result = run(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, result.stderr


def test_analysis_cli_commands_are_registered_in_newsclaims():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    for command in ("view", "export", "summarize"):
        assert command in result.stdout, f"pipeline/cli.py does not register `{command}` (call pipeline.cli_analysis.register(app))"


def test_analysis_cli_view_export_summarize(dump, tmp_path):
    shards = [dump / "run-00000.jsonl", dump / "run-00001.jsonl.gz"]
    result = run("view", *shards, "--doc", "b", "-o", tmp_path / "b.html")
    assert result.returncode == 0, result.stderr
    assert "Narendra Modi" in (tmp_path / "b.html").read_text(encoding="utf-8")
    result = run("export", *shards, "--format", "parquet", "-o", tmp_path / "tables")
    assert result.returncode == 0, result.stderr
    assert len(pd.read_parquet(tmp_path / "tables" / "claims.parquet")) == 3
    result = run("summarize", str(dump / "run-*"), "--out", tmp_path / "summary", "--plots", tmp_path / "plots")
    assert result.returncode == 0, result.stderr
    assert "## Stances: leader x topic category" in result.stdout and "| Vladimir Putin | Xi Jinping | 2 | 1 |" in result.stdout
    assert (tmp_path / "summary" / "stances.csv").exists() and (tmp_path / "plots" / "leader_topic_heatmap.png").exists()
    result = run("view", tmp_path / "missing.jsonl")
    assert result.returncode == 2 and "does not exist" in result.stderr
