"""The gazetteer: required ids, lookups, demonyms, ambiguity, data validity, builder determinism."""

import importlib.util
import sys
from pathlib import Path

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.gazetteer import LABELS, Gazetteer, default_path, fold, strip_possessive

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILDER = REPO_ROOT / "scripts" / "build_gazetteer.py"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_path(None)


def _first(gaz: Gazetteer, surface: str, label: str):
    found = [e for e in gaz.lookup(surface) if e.label == label]
    assert found, f"no {label} entry for {surface!r}"
    return found[0]


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_gazetteer", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def two_builds(builder, tmp_path_factory):
    out = tmp_path_factory.mktemp("gazetteer")
    first = builder.main(out / "first.jsonl")
    second = builder.main(out / "second.jsonl")
    return first.read_bytes(), second.read_bytes()


def test_gazetteer_required_qids(gaz):
    assert _first(gaz, "Vladimir Putin", "PERSON").id == "Q7747"
    assert _first(gaz, "Recep Tayyip Erdoğan", "PERSON").id == "Q39259"
    assert gaz.country_by_name("Russia").id == "Q159"
    assert gaz.country_by_name("Turkey").id == "Q43"
    assert gaz.country_by_name("Turkmenistan").id == "Q874"
    ashgabat = _first(gaz, "Ashgabat", "PLACE")
    assert ashgabat.id == "Q23438" and ashgabat.country == "Turkmenistan"
    assert gaz.get("Q7747").canonical == "Vladimir Putin"
    assert gaz.get("Q43").label == "COUNTRY"


def test_gazetteer_lookup_surnames_possessives_and_diacritics(gaz):
    for surface in ("Erdogan", "Erdoğan", "Erdoğan’s", "Erdogan's", "Recep Tayyip Erdogan"):
        assert gaz.lookup(surface)[0].id == "Q39259", surface
    assert gaz.lookup("Putin")[0].id == "Q7747"
    assert gaz.lookup("Putin's")[0].id == "Q7747"
    # not an explicit alias: found through the diacritics-folded index
    assert "Ibrahim Kalın" not in gaz.lookup("Ibrahim Kalın")[0].aliases
    assert gaz.lookup("Ibrahim Kalın")[0].canonical == "İbrahim Kalın"
    assert gaz.lookup("Nobody Atall") == [] and gaz.lookup("") == []


def test_gazetteer_lookup_is_case_sensitive(gaz):
    assert gaz.lookup("turkey") == []
    assert gaz.lookup("TURKEY") == []
    assert gaz.country_by_name("turkiye").canonical == "Turkey"  # the explicit name API is lenient


def test_gazetteer_by_surname_and_ambiguous_surnames(gaz):
    (putin,) = gaz.by_surname("Putin")
    assert putin.id == "Q7747" and not putin.ambiguous_surname
    assert gaz.by_surname("Erdogan")[0].id == "Q39259"
    xi = gaz.by_surname("Xi")
    assert [e.canonical for e in xi] == ["Xi Jinping"] and xi[0].ambiguous_surname
    kims = {e.canonical for e in gaz.by_surname("Kim")}
    assert {"Kim Jong Un", "Kim Yo Jong"} <= kims
    assert all(e.ambiguous_surname for e in gaz.by_surname("Kim"))
    lula = gaz.lookup("Lula")[0]
    assert lula.id == "Q37181" and lula.ambiguous_surname and "Lula" in lula.surnames


def test_gazetteer_demonyms_link_to_country_or_region(gaz):
    turkish = _first(gaz, "Turkish", "NORP")
    assert (turkish.id, turkish.country, turkish.country_id) == ("Q43", "Turkey", "Q43")
    assert gaz.get("Q43", label="NORP") == turkish
    central_asian = _first(gaz, "Central Asian", "NORP")
    assert central_asian.country == "Central Asia" and central_asian.id == _first(gaz, "Central Asia", "PLACE").id
    assert _first(gaz, "Turkmen", "NORP").country == "Turkmenistan"
    assert _first(gaz, "Azeri", "NORP").country == "Azerbaijan"
    kurdish = _first(gaz, "Kurdish", "NORP")
    assert kurdish.country is None and kurdish.id.startswith("newsclaims:people/")
    assert gaz.lookup("Caucasian") == []


def test_gazetteer_capitals_and_cities_have_their_country(gaz):
    assert _first(gaz, "Ankara", "PLACE").country == "Turkey"
    assert _first(gaz, "Moscow", "PLACE").country == "Russia"
    assert _first(gaz, "Moscow", "PLACE").country_id == "Q159"
    kyiv = _first(gaz, "Kiev", "PLACE")
    assert kyiv.canonical == "Kyiv" and kyiv.id == "Q1899"
    assert _first(gaz, "Washington, D.C.", "PLACE").id == "Q61"
    for capital in ("Baku", "Tehran", "Beijing", "Paris", "London", "Berlin", "Astana", "Tashkent"):
        assert _first(gaz, capital, "PLACE").country, capital


def test_gazetteer_georgia_is_a_country_and_a_us_state(gaz):
    entries = gaz.lookup("Georgia")
    assert {e.label for e in entries} == {"COUNTRY", "PLACE"}
    assert entries[0].label == "COUNTRY" and entries[0].id == "Q230"  # the default reading
    (state,) = [e for e in entries if e.label == "PLACE"]
    assert state.country == "United States" and state.needs_context


def test_gazetteer_ambiguous_forms_are_flagged(gaz):
    assert gaz.country_by_name("Chad").needs_context
    assert not gaz.country_by_name("Jordan").needs_context
    assert _first(gaz, "Nice", "PLACE").needs_context
    assert _first(gaz, "Gulf", "PLACE").needs_context
    for absent in ("Mobile", "Split", "Bath", "US", "MIT"):
        assert gaz.lookup(absent) == [], absent
    assert _first(gaz, "MİT", "ORG").country == "Turkey"  # the Turkish spelling only


def test_gazetteer_metonyms_stand_for_their_country(gaz):
    kremlin = _first(gaz, "Kremlin", "ORG")
    assert kremlin.stands_for_country and kremlin.country == "Russia"
    white_house = _first(gaz, "White House", "ORG")
    assert white_house.stands_for_country and white_house.country == "United States" and white_house.id == "Q35525"
    nato = _first(gaz, "NATO", "ORG")
    assert nato.id == "Q7184" and not nato.stands_for_country and nato.country is None


def test_gazetteer_no_alias_is_a_lowercase_or_common_word(gaz):
    for alias, entry in gaz.aliases():
        assert alias == alias.strip() and alias, entry.id
        assert not alias.islower() and any(ch.isupper() for ch in alias), (alias, entry.id)
        assert alias.lower() not in STOP_WORDS or alias == "WHO", (alias, entry.id)
        if len(alias) <= 2 and "." not in alias:
            assert alias in {"UK", "UN", "EU", "G7", "AU", "V4"} or (entry.ambiguous_surname and alias in entry.surnames), alias


def test_gazetteer_every_entry_validates(gaz):
    keys = set()
    primary_ids = set()
    country_names = {e.canonical for e in gaz if e.label == "COUNTRY"}
    for entry in gaz:
        assert entry.label in LABELS
        assert entry.id and entry.id.strip() == entry.id
        assert entry.id.startswith(("Q", "geonames:", "newsclaims:")), entry.id
        key = (entry.id, entry.label)
        assert key not in keys, key
        keys.add(key)
        if entry.label != "NORP":
            assert entry.id not in primary_ids, entry.id
            primary_ids.add(entry.id)
        assert entry.canonical in entry.aliases, entry.id
        assert len(set(entry.aliases)) == len(entry.aliases), entry.id
        assert (entry.country is None) == (entry.country_id is None), entry.id
        if entry.label == "COUNTRY":
            assert entry.country == entry.canonical and entry.country_id == entry.id
        elif entry.label != "NORP" and entry.country is not None:
            assert entry.country in country_names, (entry.id, entry.country)
            assert gaz.get(entry.country_id).canonical == entry.country
        if entry.label == "PERSON":
            assert entry.role and set(entry.surnames) <= set(entry.aliases), entry.id
        else:
            assert not entry.surnames and not entry.ambiguous_surname and entry.role is None
        assert entry.population is None or entry.population > 0
    counts = {label: sum(1 for e in gaz if e.label == label) for label in LABELS}
    assert counts["COUNTRY"] >= 235 and counts["PERSON"] >= 120 and counts["PLACE"] > 1000, counts  # 249 ISO countries less the territories of territories.tsv


def test_gazetteer_aliases_cover_every_pair(gaz):
    pairs = list(gaz.aliases())
    assert len(pairs) == sum(len(e.aliases) for e in gaz)
    assert ("Erdogan", gaz.get("Q39259")) in pairs
    assert len(gaz) == len(list(gaz))


def test_gazetteer_default_is_cached_and_small():
    loaded = Gazetteer.from_path(default_path())
    assert len(loaded) > 2000
    assert Gazetteer.from_path(None) is Gazetteer.from_path(None)
    assert default_path().stat().st_size < 3_000_000


def test_gazetteer_text_helpers():
    assert fold("Erdoğan") == "Erdogan" and fold("İmamoğlu") == "Imamoglu" and fold("Łódź") == "Lodz"
    assert strip_possessive("Erdoğan’s") == "Erdoğan" and strip_possessive("Putin's") == "Putin"
    assert strip_possessive("the Philippines'") == "the Philippines" and strip_possessive("Paris") == "Paris"


def test_gazetteer_builder_is_deterministic(two_builds):
    first, second = two_builds
    assert first == second and first


def test_gazetteer_bundled_file_is_up_to_date(two_builds):
    assert default_path().read_bytes() == two_builds[0], "run: .venv/bin/python scripts/build_gazetteer.py"


def test_gazetteer_capitals_answer_to_the_country_tables_spelling():
    gaz = Gazetteer.from_path(None)
    for name, country in (("Port Vila", "Vanuatu"), ("St. George's", "Grenada"), ("Mata Utu", "Wallis and Futuna")):
        entries = [e for e in gaz.lookup(name) or () if e.label == "PLACE"]
        assert entries and entries[0].country == country, (name, entries)


def test_gazetteer_territories_are_places_of_their_sovereign_state():
    gaz = Gazetteer.from_path(None)
    def place(name):
        return next(e for e in gaz.lookup(name) if e.label in ("PLACE", "COUNTRY"))
    assert (place("Greenland").label, place("Greenland").country) == ("PLACE", "Denmark")
    assert place("Nuuk").country == "Denmark"
    assert (place("Taiwan").label, place("Taiwan").country) == ("PLACE", None)  # disputed: no sovereign
    assert place("Denmark").label == "COUNTRY"
    assert place("Greenland").population is None  # not a city to the meeting-place rules


def test_gazetteer_knows_legislatures_by_their_own_names_and_spaced_country_names():
    from pipeline.gazetteer import Gazetteer

    gaz = Gazetteer.from_path(None)
    for name, country in (("Riigikogu", "Estonia"), ("Oliy Majlis", "Uzbekistan"), ("Sejm", "Poland")):
        entries = [e for e in gaz.lookup(name) if e.label == "ORG"]
        assert entries and entries[0].country == country, (name, entries)
    assert [e.canonical for e in gaz.lookup("Guinea Bissau") if e.label == "COUNTRY"] == ["Guinea-Bissau"]


def test_gazetteer_media_names_keep_their_article_and_only_state_media_a_country(gaz):
    wsj = gaz.lookup("Wall Street Journal")[0]
    assert (wsj.canonical, wsj.label, wsj.country) == ("The Wall Street Journal", "ORG", None)
    assert gaz.lookup("Straits Times")[0].canonical == "The Straits Times"
    assert gaz.lookup("Global Times")[0].country == "China"  # party-owned
    assert gaz.lookup("Times") == [] and gaz.lookup("Guardian") == []


def test_gazetteer_knows_long_serving_leaders_beyond_the_g20(gaz):
    assert gaz.lookup("Sassou N'guesso")[0].canonical == "Denis Sassou Nguesso"
    assert gaz.lookup("Museveni")[0].country == "Uganda"
    assert gaz.lookup("Boko Haram")[0].label == "ORG"
    assert gaz.lookup("Boric")[0].role == "former President of Chile"
