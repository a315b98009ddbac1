"""A people inventory from a Wikidata extract, with dated roles (issue #9, item 2).

A small extract (tests/data/wikidata/: two invented Nigerian ministers who swapped
offices, an Uzbek minister with Cyrillic names, and Erdoğan's two offices) is built into
a knowledge base with scripts/build_gazetteer.py --wikidata, and articles are linked
through it: a person's role is the one held on the article's date (source.date, else
--as-of), and "the Nigerian foreign minister" is whoever held that office then.
"""

import importlib.util
import json
import sys

import pytest

from conftest import ROOT
from pipeline import load
from pipeline.gazetteer import DatedRole, Gazetteer, GazetteerEntry, office_key
from pipeline.schema import Source
from pipeline.wikidata import ExtractError, read_extract

DATA = ROOT / "tests" / "data" / "wikidata"
BUILDER = ROOT / "scripts" / "build_gazetteer.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_gazetteer_wd", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kb(builder, tmp_path_factory):
    return builder.main(tmp_path_factory.mktemp("kb") / "entities.jsonl", wikidata=[DATA / "extract.jsonl"])


@pytest.fixture(scope="module")
def annotator(kb):
    return load(overrides={"paths.gazetteer": str(kb)})


# --- reading extracts --------------------------------------------------------------------


def test_wikidata_jsonl_and_sparql_results_read_the_same_people():
    lines = {p.qid: p for p in read_extract(DATA / "extract.jsonl")}
    sparql = {p.qid: p for p in read_extract(DATA / "sparql.json")}
    for qid in ("Q7800001", "Q7800002"):
        assert sparql[qid].name == lines[qid].name
        assert [(p.label, p.start, p.end, p.country) for p in sparql[qid].positions] == \
               [(p.label, p.start, p.end, p.country) for p in lines[qid].positions]
    assert "Amara Bello" in sparql["Q7800001"].names()  # a second English name is an alias
    assert sparql["Q7800002"].labels["yo"] == "Túndé Adéyẹmí-Cole"


def test_wikidata_bad_lines_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "Q1", "labels": {"en": "A B"}}\n{"qid": "Q2", "labels": {"en": "C D"}, "positions": '
                   '[{"label": "Minister", "start": "last year"}]}\n', encoding="utf-8")
    with pytest.raises(ExtractError, match=r"bad.jsonl:2: .*not a date"):
        read_extract(bad)
    bad.write_text('{"qid": "not-a-qid", "labels": {"en": "A B"}}\n', encoding="utf-8")
    with pytest.raises(ExtractError, match=r"bad.jsonl:1: .*not a Wikidata id"):
        read_extract(bad)


# --- the knowledge base ------------------------------------------------------------------


def test_wikidata_kb_has_dated_roles_scripts_and_merges_curated_people(kb):
    gazetteer = Gazetteer.from_path(kb)
    amara = gazetteer.get("Q7800001")
    assert [r.role for r in amara.roles] == ["Minister of Foreign Affairs of Nigeria", "Minister of Finance of Nigeria"]
    assert amara.role == "Minister of Finance of Nigeria" and amara.country == "Nigeria"  # the open position
    assert amara.ambiguous_surname and amara.surnames == ("Okonkwo-Bello",)
    assert gazetteer.lookup("Дилноза Каримова-Рашидова")[0].id == "Q7800003"  # Cyrillic aliases kept
    erdogan = gazetteer.get("Q39259")  # curated: keeps its own name and role, gains names and dates
    assert erdogan.canonical == "Recep Tayyip Erdoğan" and erdogan.role == "President of Turkey"
    assert "Эрдоган" in erdogan.aliases and "رجب طيب أردوغان" in erdogan.aliases
    assert erdogan.role_on("2010-05-01") == "Prime Minister of Turkey"
    assert erdogan.role_on("2020-05-01") == "President of Turkey"
    assert len(gazetteer) == len(Gazetteer.from_path(None)) + 3


def test_wikidata_bundled_gazetteer_has_no_dated_roles():
    """The bundled data keeps only the curated sources (the extract goes to the user's own --out)."""
    assert not any(entry.roles for entry in Gazetteer.from_path(None))


def test_role_on_and_office_holder_rules():
    entry = GazetteerEntry("Q1", "PERSON", "A B", ("A B",), "Nigeria", "Q1033", "Minister of Finance of Nigeria", (), False,
                           False, None, False, (DatedRole("Minister of Foreign Affairs of Nigeria", "Nigeria", "2019-08-21", "2023-05-29"),))
    assert entry.role_on("2020-01-01") == "Minister of Foreign Affairs of Nigeria"
    assert entry.role_on("2024-01-01") is None  # held nothing on that day: no role, not today's
    assert entry.role_on(None) == "Minister of Finance of Nigeria"
    gazetteer = Gazetteer([entry])
    assert gazetteer.office_holder("foreign minister", "Nigeria", "2021-01-01") is entry
    assert gazetteer.office_holder("foreign minister", "Nigeria", "2024-01-01") is None
    assert gazetteer.office_holder("foreign minister", "Ghana", "2021-01-01") is None


@pytest.mark.parametrize("words, key", [
    ("Minister of Foreign Affairs of Nigeria", "foreign minister"),
    ("the Nigerian foreign minister", "foreign minister"),
    ("Kenya's president", "president"),
    ("United States Secretary of State", "foreign minister"),
    ("Federal Chancellor of Germany", "prime minister"),
    ("deputy foreign minister", None),
    ("former president", None),
    ("Member of the Grand National Assembly", None),
])
def test_office_keys(words, key):
    assert office_key(words) == key


# --- linking through it ------------------------------------------------------------------

PROFILE = ("ABUJA, Nigeria — Nigerian Foreign Minister Amara Okonkwo-Bello met her Ghanaian counterpart on Monday. "
           "Okonkwo-Bello said trade between the two neighbours would grow.")
UNNAMED = ("Trade talks resumed in Abuja on Monday. The Nigerian foreign minister said the two countries "
           "would sign a new customs deal before the end of the year.")


def _role(record, name):
    return next(a.role for a in record.actors if a.canonical == name)


def test_role_is_the_one_held_on_the_articles_date(annotator):
    assert _role(annotator.annotate(PROFILE, source=Source(date="2021-03-01")), "Amara Okonkwo-Bello") == \
        "Minister of Foreign Affairs of Nigeria"
    assert _role(annotator.annotate(PROFILE, source=Source(date="2024-02-01T10:00:00Z")), "Amara Okonkwo-Bello") == \
        "Minister of Finance of Nigeria"


def test_office_noun_speaker_is_who_held_the_office_that_day(annotator):
    def speaker(date):
        claims = annotator.annotate(UNNAMED, source=Source(date=date)).claims
        return [(c.speaker, c.speaker_type, c.speaker_canonical) for c in claims]

    assert speaker("2021-03-01") == [("The Nigerian foreign minister", "person", ["Amara Okonkwo-Bello"])]
    assert speaker("2024-02-01") == [("The Nigerian foreign minister", "person", ["Tunde Adeyemi-Cole"])]
    assert speaker(None) == [("The Nigerian foreign minister", "person", ["Tunde Adeyemi-Cole"])]  # today's holder
    assert speaker("2023-07-01") == [("The Nigerian foreign minister", "person", ["Nigeria"])]  # vacant: as without a KB


def test_as_of_from_the_command_line(kb, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": UNNAMED}) + "\n" +
                      json.dumps({"id": "b", "text": UNNAMED, "date": "2024-02-01"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(source), "-o", str(out), "--gazetteer", str(kb),
                                      "--as-of", "2021-03-01", "-q"])
    assert result.exit_code == 0, result.output
    a, b = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert a["claims"][0]["speaker_canonical"] == ["Amara Okonkwo-Bello"]  # no date: --as-of
    assert b["claims"][0]["speaker_canonical"] == ["Tunde Adeyemi-Cole"]  # its own date wins
    for bad in (["--as-of", "yesterday"], ["--gazetteer", str(tmp_path / "missing.jsonl")]):
        result = CliRunner().invoke(app, ["annotate", str(source), "-o", str(out), *bad])
        assert result.exit_code == 2, bad
