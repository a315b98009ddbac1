"""Scoring: entity sets, one-to-one overlap matching for extractor fields, macro F1."""

from pipeline.evaluate import coverage, format_report, macro_f1, score_all, score_entities, score_titles, text_overlap
from pipeline.schema import AnnotationRecord, Claim, Entity, Event, Evidence, Position, Topic

TEXT = "Putin met Erdoğan in Ashgabat. Observers note that the summit marks a renewed commitment."


def record(**fields):
    ev = Evidence(block=None, start=0, end=5)
    fields.setdefault("entities", [Entity(text="Putin", label="PERSON", start=0, end=5, block=None, canonical="Vladimir Putin")])
    fields.setdefault("topics", [Topic(label="Energy partnership", category="energy", method="list", evidence=ev),
                                 Topic(label="trade", category="economy", method="sentence", evidence=ev)])
    fields.setdefault("positions", [Position(actor="Vladimir Putin", stance="Leveraging Central Asian energy reserves",
                                             category="energy", method="table", evidence=ev)])
    fields.setdefault("claims", [Claim(text="the summit marks a renewed commitment", start=51, end=88,
                                       speaker="Observers", speaker_type="group", cue="note")])
    fields.setdefault("events", [Event(participants=["Vladimir Putin", "Recep Tayyip Erdoğan"], location="Ashgabat",
                                       country="Turkmenistan", evidence=ev)])
    return AnnotationRecord(doc_id="d", text=TEXT, **fields)


GOLD = {"d": {
    "doc_id": "d", "people": ["Vladimir Putin", "Recep Tayyip Erdoğan"], "countries": [], "places": [],
    "organizations": [], "norp": [],
    "topics": [{"label": "Energy partnership with a focus on pipelines", "category": "energy"},
               {"label": "terrorism", "category": "security"}],
    "positions": [{"actor": "Vladimir Putin", "category": "energy", "stance": "Leveraging Central Asian energy reserves"}],
    "claims": [{"text": "the summit marks a renewed commitment to strategic dialogue", "speaker": "Observers",
                "speaker_canonical": [], "speaker_type": "group", "cue": "note", "hedged": False}],
    "events": [{"type": "meeting", "participants": ["Recep Tayyip Erdoğan", "Vladimir Putin"], "location": "Ashgabat",
                "country": "Turkmenistan", "occasion": None, "time": None}],
}}


def test_evaluate_overlap_is_word_level():
    assert text_overlap("terrorism", "counterterrorism efforts") == 0.0
    assert 0.5 <= text_overlap("Cooperative frameworks", "Cooperative frameworks for stabilizing routes") < 1.0
    assert text_overlap("Energy", "energy") == 1.0
    assert coverage("the summit marks a renewed commitment", "Observers note that the summit marks a renewed commitment.") == 1.0


def test_evaluate_scores_each_field():
    scores = score_all(GOLD, {"d": record()})
    assert (scores["PERSON"].tp, scores["PERSON"].fn) == (1, 1)
    assert (scores["topics"].tp, scores["topics"].fp, scores["topics"].fn) == (1, 1, 1)
    assert scores["topics+category"].tp == 1
    assert scores["positions"].f1 == 1.0 and scores["claims"].f1 == 1.0 and scores["claims+speaker"].f1 == 1.0
    assert scores["events"].f1 == 1.0 and scores["events+place"].f1 == 1.0


def test_evaluate_missing_prediction_counts_as_misses_and_report_ends_with_macro():
    scores = score_all(GOLD, {})
    assert scores["claims"].fn == 1 and scores["claims"].tp == 0
    report = format_report(scores)
    assert report.splitlines()[-1] == f"macro F1 {macro_f1(scores):.3f}"


def test_evaluate_titles_fold_case_quotes_and_markup_but_not_words():
    gold = {"a": {"doc_id": "a", "title": "Merz and Takaichi pledge ‘closer’ security ties"},
            "b": {"doc_id": "b", "title": "Ruto hosts Lula in Nairobi"},
            "c": {"doc_id": "c", "title": "Lula-Ruto talks to centre on trade"},
            "d": {"doc_id": "d", "people": []}}  # no title key: not scored
    predicted = {"a": AnnotationRecord(doc_id="a", text="x", title="MERZ AND TAKAICHI PLEDGE 'CLOSER' SECURITY TIES."),
                 "b": AnnotationRecord(doc_id="b", text="x", title="Ruto hosts Lula"),
                 "c": AnnotationRecord(doc_id="c", text="x", title=None)}
    titles = score_titles(gold, predicted)
    assert (titles.correct, titles.total) == (1, 3)
    assert len(titles.errors) == 2 and titles.errors[0].startswith("b\t")
    report = format_report(score_entities(gold, predicted), titles)
    assert "title accuracy 0.333 (1/3)" in report and report.splitlines()[-1].startswith("macro F1")


def test_evaluate_entity_only_gold_reports_extractors_as_not_applicable():
    gold = {"a": {"doc_id": "a", "people": ["Vladimir Putin"], "countries": [], "places": [], "organizations": [], "norp": []}}
    report = format_report(score_all(gold, {"a": record()}))
    topics_line = next(line for line in report.splitlines() if line.startswith("topics "))
    assert "n/a" in topics_line


def test_evaluate_gold_aliases_name_the_same_entity():
    gold = {"d": {"doc_id": "d", "people": ["Nasser Judeh"], "countries": [], "places": [], "organizations": [],
                  "norp": [], "aliases": {"Nasser Judeh": ["Nasser Joda"]}}}
    def named(name):
        return AnnotationRecord(doc_id="d", text=name, entities=[
            Entity(text=name, label="PERSON", start=0, end=len(name), block=None, canonical=name)])
    assert score_entities(gold, {"d": named("Nasser Joda")})["PERSON"].f1 == 1.0
    scores = score_entities(gold, {"d": named("Nasser Lozi")})["PERSON"]
    assert (scores.tp, scores.fp, scores.fn) == (0, 1, 1)


def test_evaluate_a_gold_alias_and_the_gazetteer_canonical_agree():
    # the gold names "Xinhua News Agency" (gazetteer canonical "Xinhua") and lists the
    # text's "Xinhua" as its spelling: a prediction "Xinhua" is that entity
    from pipeline.gazetteer import Gazetteer

    gold = {"d": {"doc_id": "d", "people": [], "countries": [], "places": [], "organizations": ["Xinhua News Agency"],
                  "norp": [], "aliases": {"Xinhua News Agency": ["Xinhua"]}}}
    pred = AnnotationRecord(doc_id="d", text="Xinhua", entities=[
        Entity(text="Xinhua", label="ORG", start=0, end=6, block=None, canonical="Xinhua")])
    scores = score_entities(gold, {"d": pred}, gazetteer=Gazetteer.from_path(None))["ORG"]
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)


def test_evaluate_names_in_extractor_fields_follow_the_gold_aliases_and_the_gazetteer():
    """An actor, speaker or participant named in the page's spelling that the gold lists under
    ``aliases`` (or in a spelling the gazetteer knows as the same entry) is that entity."""
    from pipeline.gazetteer import Gazetteer

    gold = {"d": {**GOLD["d"], "aliases": {"KP Sharma Oli": ["Khadga Prasad Sharma Oli"]},
                  "events": [{"type": "meeting", "participants": ["KP Sharma Oli", "Sergei Lavrov"], "location": None,
                              "country": None, "occasion": None, "time": None}]}}
    ev = Evidence(block=None, start=0, end=5)
    predicted = record(events=[Event(participants=["Khadga Prasad Sharma Oli", "Sergey Lavrov"], evidence=ev)])
    assert score_all(gold, {"d": predicted}, gazetteer=Gazetteer.from_path(None))["events"].f1 == 1.0
    other = record(events=[Event(participants=["Khadga Prasad Sharma Oli", "Vladimir Putin"], evidence=ev)])
    assert score_all(gold, {"d": other}, gazetteer=Gazetteer.from_path(None))["events"].f1 == 0.0


def test_evaluate_a_gold_city_with_no_country_does_not_judge_the_country():
    from pipeline.evaluate import _same_place

    def event(location, country):
        return Event(type="meeting", participants=["A B", "C D"], location=location, country=country,
                     evidence=Evidence(block=0, start=0, end=1, rule="meeting_verb.v1"))

    gold_city_only = {"location": "Lima", "country": None}
    assert _same_place(gold_city_only, event("Lima", "Peru"))
    assert _same_place(gold_city_only, event("Lima", None))
    assert not _same_place(gold_city_only, event("Cusco", "Peru"))
    assert not _same_place({"location": None, "country": None}, event(None, "Peru"))  # no place at all
    assert not _same_place({"location": "Lima", "country": "Peru"}, event("Lima", None))
