"""End to end on the sample article the project started from, and the invariants on all samples."""

import json

from conftest import GOLD

SAMPLE = "erdogan-putin-ashgabat.txt"


def names(record, label):
    return {e.canonical for e in record.entities if e.label == label}


def test_pipeline_sample_people_are_exactly_putin_and_erdogan(sample_records):
    assert names(sample_records[SAMPLE], "PERSON") == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_pipeline_sample_countries_places_and_ids(sample_records):
    record = sample_records[SAMPLE]
    assert {"Russia", "Turkey", "Turkmenistan"} <= names(record, "COUNTRY")
    assert {"Ashgabat", "Central Asia", "Eurasia", "Europe", "Ankara", "Moscow"} <= names(record, "PLACE")
    ids = {e.canonical: e.kb_id for e in record.entities}
    assert ids["Vladimir Putin"] == "Q7747" and ids["Recep Tayyip Erdoğan"] == "Q39259"
    assert ids["Russia"] == "Q159" and ids["Turkey"] == "Q43" and ids["Turkmenistan"] == "Q874"
    assert ids["Ashgabat"] == "Q23438"


def test_pipeline_sample_capitals_carry_their_state(sample_records):
    record = sample_records[SAMPLE]
    countries = {e.canonical: e.country for e in record.entities if e.label == "PLACE"}
    assert countries["Ankara"] == "Turkey" and countries["Moscow"] == "Russia" and countries["Ashgabat"] == "Turkmenistan"


def test_pipeline_sample_surnames_and_possessives_link_to_full_names(sample_records):
    record = sample_records[SAMPLE]
    surnames = [e for e in record.entities if e.label == "PERSON" and e.text in ("Putin", "Erdoğan")]
    assert len(surnames) >= 4
    assert {e.canonical for e in surnames} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    table = next(b for b in record.blocks if b.table and any("Approach" in c for c in b.table.columns))
    in_header = [e for e in record.entities if table.start <= e.start < table.end and e.label == "PERSON"]
    assert {e.canonical for e in in_header} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_pipeline_sample_no_table_or_heading_junk(sample_records):
    record = sample_records[SAMPLE]
    junk = set(json.loads((GOLD / "erdogan-putin-ashgabat.json").read_text())["not_entities"])
    tagged = {e.text for e in record.entities if e.label in ("PERSON", "PLACE", "COUNTRY", "ORG")}
    assert not tagged & junk
    assert not any("|" in e.text or "\n" in e.text for e in record.entities)


def test_pipeline_sample_actors_roles_and_counts(sample_records):
    actors = {a.canonical: a for a in sample_records[SAMPLE].actors if a.label == "PERSON"}
    assert set(actors) == {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    assert actors["Vladimir Putin"].country == "Russia" and actors["Recep Tayyip Erdoğan"].country == "Turkey"
    assert actors["Vladimir Putin"].mentions >= 5 and "President" in actors["Vladimir Putin"].role


def test_pipeline_sample_cleaning_flags_title_and_blocks(sample_records):
    record = sample_records[SAMPLE]
    assert {"mojibake", "llm_chat_artifact", "duplicate_content", "truncated"} <= set(record.cleaning.flags)
    assert record.title == "Erdoğan and Putin Convene in Turkmenistan to Address Regional Security Challenges"
    assert "Ä" not in record.text and "It looks like" not in record.text
    assert record.text.count("Leading analysts emphasize") == 1
    kinds = [b.kind for b in record.blocks]
    assert kinds.count("table") == 3 and kinds.count("list") == 2 and "title" in kinds
    last = [b for b in record.blocks if b.kind == "table"][-1]
    assert last.table.columns == ["Sector", "Focus Areas", "Expected Outcomes"]
    assert all(len(row) == 3 for row in last.table.rows)


def test_pipeline_every_span_matches_text_on_all_samples(sample_records):
    assert len(sample_records) >= 7
    for record in sample_records.values():
        assert record.status == "ok", record.error
        for e in record.entities:
            assert record.text[e.start:e.end] == e.text
            block = record.blocks[e.block]
            assert block.start <= e.start and e.end <= block.end
        for b in record.blocks:
            assert record.text[b.start:b.end].strip() == record.text[b.start:b.end]


def test_pipeline_gold_flags_match_on_all_samples(sample_records):
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text())
        record = sample_records[gold["doc_id"]]
        required = set(gold["flags"]) & {"mojibake", "llm_chat_artifact", "duplicate_content", "truncated"}
        assert required <= set(record.cleaning.flags), (gold["doc_id"], record.cleaning.flags)


def test_pipeline_sample_topics_from_tables_lists_and_sentences(sample_records):
    topics = {t.label: t for t in sample_records[SAMPLE].topics}
    for label, category in [("Security Cooperation", "security"), ("Energy Collaboration", "energy"),
                            ("Economic Partnership", "economy"), ("Humanitarian Aid", "humanitarian"),
                            ("Cultural Exchanges", "culture"), ("Trade & Industry", "economy")]:
        assert topics[label].category == category and topics[label].method == "table"
    assert topics["Security Cooperation"].focus == "Border Control"
    assert topics["Security Cooperation"].outcome == "Enhanced Surveillance"
    assert topics["Cultural Exchanges"].outcome == "Stronger mutual"  # cut off in the source
    assert sum(1 for t in sample_records[SAMPLE].topics if t.method == "list") == 7
    assert {"counterterrorism efforts", "energy corridor security"} <= set(topics)
    assert len([t for t in sample_records[SAMPLE].topics if t.label == "Security Cooperation"]) == 1


def test_pipeline_sample_positions_from_comparison_table(sample_records):
    table = {(p.actor, p.topic): p.stance for p in sample_records[SAMPLE].positions if p.method == "table"}
    assert table == {
        ("Recep Tayyip Erdoğan", "Security"): "Strengthening border controls, intelligence exchange",
        ("Vladimir Putin", "Security"): "Joint counter-terror operations, regional surveillance",
        ("Recep Tayyip Erdoğan", "Energy"): "Expanding pipeline routes to Europe",
        ("Vladimir Putin", "Energy"): "Leveraging Central Asian energy reserves",
        ("Recep Tayyip Erdoğan", "Trade"): "Boosting Turkish exports",
        ("Vladimir Putin", "Trade"): "Increasing Russian investments",
    }
    both = [p for p in sample_records[SAMPLE].positions if p.method == "sentence" and "importance of fostering" in p.stance]
    assert {p.actor for p in both} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_pipeline_sample_claims_once_each_with_speakers_and_hedges(sample_records):
    claims = sample_records[SAMPLE].claims
    assert len(claims) == 5
    by_start = {c.text.split()[0] + " " + c.text.split()[1]: c for c in claims}
    assert by_start["the summit"].speaker == "Observers" and by_start["the summit"].speaker_type == "group"
    assert by_start["this meeting"].hedged and by_start["increased collaboration"].hedged
    assert by_start["the path"].speaker == "Leading analysts" and by_start["the path"].cue == "emphasize"
    assert any(c.speaker == "they" and c.cue == "argue" for c in claims)


def test_pipeline_sample_one_meeting_event(sample_records):
    (event,) = sample_records[SAMPLE].events
    assert set(event.participants) == {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    assert (event.location, event.country) == ("Ashgabat", "Turkmenistan")
    assert event.occasion == "on the sidelines of a regional summit" and event.time == "this week"
