"""Meeting events (factory ``newsclaims_events``) on short articles written for these tests.

Most tests run the full pipeline (session fixture ``annotate``) because the rules read the
parser's and the linker's output. The merge logic, the cue data and a few rule helpers are
tested without the statistical model.
"""

import json

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline import events as ev
from pipeline.events import Mention, load_cues, merge_mentions
from pipeline.paths import models_dir
from pipeline.schema import Event


def meetings(record):
    """Events as comparable tuples: (participants as a set, location, country, occasion, time)."""
    return [(frozenset(e.participants), e.location, e.country, e.occasion, e.time) for e in record.events]


def only_event(record):
    assert len(record.events) == 1, record.events
    return record.events[0]


# --- the seed pattern: one meeting told three ways, merged -------------------------------------

SUMMIT_ARTICLE = (
    "Putin and Erdoğan Convene in Turkmenistan to Discuss Regional Security\n\n"
    "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdoğan convened in "
    "Turkmenistan this week for high-level talks on border security and energy transit. "
    "The meeting, held on the sidelines of a regional summit, was the leaders' third this year.\n\n"
    "The high-profile meeting between Turkish President Recep Tayyip Erdoğan and Russian President "
    "Vladimir Putin took place in Ashgabat, Turkmenistan, amid rising tensions in the region. "
    "Erdoğan said the talks had been frank."
)


def test_events_mentions_of_one_meeting_merge_into_one_event(annotate):
    record = annotate(SUMMIT_ARTICLE)
    event = only_event(record)
    assert set(event.participants) == {"Vladimir Putin", "Recep Tayyip Erdoğan"}
    assert event.location == "Ashgabat"
    assert event.country == "Turkmenistan"
    assert event.occasion == "on the sidelines of a regional summit"
    assert event.time == "this week"
    # The evidence is the first prose sentence that states the meeting, not the heading.
    assert event.evidence.rule == "meeting_verb.v1"
    stated = record.text[event.evidence.start : event.evidence.end]
    assert stated.startswith("Russian President Vladimir Putin") and "convened" in stated
    assert event.evidence.block == 1


def test_events_dict_has_exactly_the_schema_fields_and_span_group(annotator):
    from pipeline.clean import clean_text

    doc = annotator.nlp(clean_text(SUMMIT_ARTICLE).text)
    [event] = doc._.newsclaims_events
    assert set(event) == set(Event.model_fields)
    assert set(event["evidence"]) == {"block", "start", "end", "rule"}
    Event(**event)
    [span] = doc.spans["newsclaims_events"]
    assert span.label_ == "meeting"
    assert (span.start_char, span.end_char) == (event["evidence"]["start"], event["evidence"]["end"])


def test_events_brief_example(annotate):
    record = annotate("Emmanuel Macron met Narendra Modi in Paris on Tuesday.")
    assert meetings(record) == [
        (frozenset({"Emmanuel Macron", "Narendra Modi"}), "Paris", "France", None, "on Tuesday")
    ]


# --- participants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Olaf Scholz and Volodymyr Zelenskyy met in Berlin on Monday.",
        "Olaf Scholz met Volodymyr Zelenskyy in Berlin on Monday.",
        "Olaf Scholz met with Volodymyr Zelenskyy in Berlin on Monday.",
        "Olaf Scholz hosted Volodymyr Zelenskyy in Berlin on Monday.",
        "Olaf Scholz received Volodymyr Zelenskyy in Berlin on Monday.",
        "Olaf Scholz welcomed Volodymyr Zelenskyy to Berlin on Monday.",
        "Volodymyr Zelenskyy was received by Olaf Scholz in Berlin on Monday.",
        "Olaf Scholz held talks with Volodymyr Zelenskyy in Berlin on Monday.",
        "Olaf Scholz sat down with Volodymyr Zelenskyy in Berlin on Monday.",
        "Talks between Olaf Scholz and Volodymyr Zelenskyy took place in Berlin on Monday.",
    ],
)
def test_events_participant_constructions(annotate, text):
    assert meetings(annotate(text)) == [
        (frozenset({"Olaf Scholz", "Volodymyr Zelenskyy"}), "Berlin", "Germany", None, "on Monday")
    ]


def test_events_visit_that_included_talks(annotate):
    record = annotate("Narendra Modi's visit to Paris included talks with Emmanuel Macron at the Élysée Palace.")
    assert meetings(record) == [(frozenset({"Narendra Modi", "Emmanuel Macron"}), "Paris", "France", None, None)]


def test_events_subject_of_clause_after_talks(annotate):
    record = annotate(
        "Indian Prime Minister Narendra Modi and French President Emmanuel Macron agreed on Tuesday "
        "to expand defence cooperation, following talks at the Élysée."
    )
    event = only_event(record)
    assert set(event.participants) == {"Narendra Modi", "Emmanuel Macron"}
    assert event.evidence.rule == "meeting_noun.v1"


@pytest.mark.parametrize(
    "heading, participants, place",
    [
        ("Xi Hosts Putin in Beijing as Ties Deepen", ["Xi Jinping", "Vladimir Putin"], ("Beijing", "China")),
        ("Putin and Xi Convene in China to Address Trade", ["Vladimir Putin", "Xi Jinping"], (None, "China")),
        ("Putin, Xi Hold Talks in Beijing", ["Vladimir Putin", "Xi Jinping"], ("Beijing", "China")),
        ("Talks Between Xi and Putin Focus on Energy", ["Xi Jinping", "Vladimir Putin"], (None, None)),
    ],
)
def test_events_surnames_link_to_full_names_in_a_heading(annotate, heading, participants, place):
    record = annotate(heading + "\n\nVladimir Putin and Xi Jinping signed a trade agreement on Monday, officials said.")
    event = only_event(record)
    assert event.participants == participants
    assert (event.location, event.country) == place
    assert event.evidence.rule == "meeting_heading.v1"


@pytest.mark.parametrize(
    "heading",
    ["Putin and Xi to Meet in Beijing Next Month", "Putin Will Meet Xi in Beijing", "Putin Cancels Meeting With Xi"],
)
def test_events_planned_or_cancelled_in_a_heading(annotate, heading):
    record = annotate(heading + "\n\nVladimir Putin and Xi Jinping signed a trade agreement on Monday, officials said.")
    assert record.events == []


def test_events_meeting_someone_else_is_not_a_meeting_of_the_subjects(annotate):
    assert annotate("Vladimir Putin and Xi Jinping met reporters after lunch.").events == []
    record = annotate("Vladimir Putin and Xi Jinping met each other in Beijing.")
    assert meetings(record) == [(frozenset({"Vladimir Putin", "Xi Jinping"}), "Beijing", "China", None, None)]


def test_events_pronoun_subject_is_the_previous_named_subject(annotate):
    record = annotate(
        "Narendra Modi arrived in Paris on Monday. He met Emmanuel Macron in Paris on Tuesday."
    )
    assert meetings(record) == [
        (frozenset({"Narendra Modi", "Emmanuel Macron"}), "Paris", "France", None, "on Tuesday")
    ]


def test_events_both_leaders_are_the_main_people(annotate):
    record = annotate(
        "Kassym-Jomart Tokayev and Shavkat Mirziyoyev signed a water agreement. "
        "Tokayev praised Mirziyoyev for his support. Both leaders met in Astana on Friday."
    )
    assert meetings(record) == [
        (frozenset({"Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"}), "Astana", "Kazakhstan", None, "on Friday")
    ]


def test_events_one_named_participant_is_not_a_meeting(annotate):
    # Decision: "X met officials in Y" names one side only; skipped.
    assert annotate("Vladimir Putin met officials in Ashgabat on Monday.").events == []
    assert annotate("Turkey and Russia held talks in Ankara on Monday.").events == []


def test_events_visiting_a_place_is_not_a_meeting(annotate):
    assert annotate("Narendra Modi visited Paris on Tuesday and toured an aircraft factory.").events == []
    record = annotate("Narendra Modi visited Emmanuel Macron in Paris on Tuesday.")
    assert meetings(record) == [
        (frozenset({"Narendra Modi", "Emmanuel Macron"}), "Paris", "France", None, "on Tuesday")
    ]


def test_events_trip_to_meet_someone_is_a_meeting(annotate):
    record = annotate("Vladimir Putin travelled to Beijing to meet Xi Jinping.")
    assert meetings(record) == [(frozenset({"Vladimir Putin", "Xi Jinping"}), "Beijing", "China", None, None)]


def test_events_two_meetings_with_different_participants(annotate):
    record = annotate(
        "Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Tuesday. "
        "Separately, Foreign Minister Wang Yi held talks with Sergey Lavrov at the Diaoyutai State "
        "Guesthouse on Wednesday."
    )
    assert meetings(record) == [
        (frozenset({"Xi Jinping", "Vladimir Putin"}), "Beijing", "China", None, "on Tuesday"),
        # its own clause names only a venue; the lead names one city, the article's setting
        (frozenset({"Wang Yi", "Sergey Lavrov"}), "Beijing", "China", None, "on Wednesday"),
    ]


def test_events_same_people_in_two_cities_are_two_meetings(annotate):
    record = annotate(
        "Vladimir Putin and Xi Jinping met in Moscow in March. "
        "Putin and Xi met again in Beijing in October, the two leaders' second meeting this year."
    )
    assert [(e.location, e.country) for e in record.events] == [("Moscow", "Russia"), ("Beijing", "China")]


# --- location ------------------------------------------------------------------------------------


def test_events_location_city_comma_country(annotate):
    event = only_event(annotate("Recep Tayyip Erdoğan and Ilham Aliyev met in Baku, Azerbaijan, on Saturday."))
    assert (event.location, event.country) == ("Baku", "Azerbaijan")


def test_events_location_country_only(annotate):
    event = only_event(annotate("Recep Tayyip Erdoğan and Ilham Aliyev met in Azerbaijan on Saturday."))
    assert (event.location, event.country) == (None, "Azerbaijan")


def test_events_location_city_from_another_sentence_about_the_same_meeting(annotate):
    record = annotate(
        "Recep Tayyip Erdoğan and Ilham Aliyev met in Azerbaijan on Saturday. "
        "The meeting took place in Baku amid tight security."
    )
    event = only_event(record)
    assert (event.location, event.country, event.time) == ("Baku", "Azerbaijan", "on Saturday")


def test_events_location_venue_gives_its_city(annotate):
    # Decision: the location is the city, never the venue.
    event = only_event(annotate(
        "Chinese President Xi Jinping hosted Vladimir Putin at the Great Hall of the People in Beijing on 12 March."
    ))
    assert (event.location, event.country, event.time) == ("Beijing", "China", "on 12 March")


def test_events_location_seat_of_government_gives_country_only(annotate):
    event = only_event(annotate("Xi Jinping and Vladimir Putin held talks at the Kremlin on Tuesday."))
    assert (event.location, event.country) == (None, "Russia")


def test_events_location_on_the_guest(annotate):
    # The small parser hangs "in Tehran" on the guest's name.
    event = only_event(annotate(
        "Iranian President Masoud Pezeshkian hosted Pakistani Prime Minister Shehbaz Sharif in Tehran on Monday."
    ))
    assert (event.location, event.country) == ("Tehran", "Iran")


# --- occasion and time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail, occasion",
    [
        ("on the sidelines of the BRICS summit", "on the sidelines of the BRICS summit"),
        ("during a state visit", "during a state visit"),
        ("at the G20 summit", "at the G20 summit"),
        ("as part of a European tour", "as part of a European tour"),
        ("during a one-day visit by Meloni, her third trip to Egypt", "during a one-day visit by Meloni"),
    ],
)
def test_events_occasion_as_written(annotate, tail, occasion):
    event = only_event(annotate(f"Abdel Fattah el-Sisi and Giorgia Meloni met in Cairo {tail}."))
    assert event.occasion == occasion
    assert (event.location, event.country) == ("Cairo", "Egypt")


@pytest.mark.parametrize(
    "when",
    ["on Tuesday", "this week", "on 12 March", "last month"],
)
def test_events_time_as_written(annotate, when):
    event = only_event(annotate(f"Cyril Ramaphosa and Luiz Inácio Lula da Silva met in Johannesburg {when}."))
    assert event.time == when


def test_events_summit_city_is_the_location(annotate):
    event = only_event(annotate(
        "Cyril Ramaphosa met Luiz Inácio Lula da Silva on the sidelines of the BRICS summit in Johannesburg."
    ))
    assert (event.location, event.country) == ("Johannesburg", "South Africa")
    assert event.occasion == "on the sidelines of the BRICS summit in Johannesburg"


# --- not events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Emmanuel Macron will meet Narendra Modi in Paris next month.",
        "Vladimir Putin and Xi Jinping are expected to hold talks in Beijing.",
        "Narendra Modi plans to visit Emmanuel Macron in Paris.",
        "Vladimir Putin and Xi Jinping are meeting next week in Beijing.",
        "Olaf Scholz and Volodymyr Zelenskyy would meet if a ceasefire holds.",
        "Vladimir Putin could meet Xi Jinping in Beijing.",
        "If Vladimir Putin meets Xi Jinping, trade will grow.",
        "Recep Tayyip Erdoğan did not meet Ilham Aliyev during the visit.",
        "Recep Tayyip Erdoğan has never met Ilham Aliyev.",
        "The meeting between Olaf Scholz and Volodymyr Zelenskyy was postponed.",
        "A planned summit between Olaf Scholz and Emmanuel Macron was called off.",
        "Olaf Scholz cancelled his meeting with Volodymyr Zelenskyy.",
        "Luiz Inácio Lula da Silva and Joe Biden spoke by phone on Monday.",
        "Vladimir Putin and Xi Jinping held talks by video link on Friday.",
        "Joe Biden and Luiz Inácio Lula da Silva held a video call on Tuesday.",
        "Ahead of talks with Joe Biden, Luiz Inácio Lula da Silva said he was optimistic.",
        "Did Vladimir Putin meet Xi Jinping in Beijing?",
    ],
)
def test_events_not_events(annotate, text):
    assert annotate(text).events == []


@pytest.mark.parametrize(
    "text, place",
    [
        ("Vladimir Putin and Xi Jinping met in Beijing after a phone call last month.", ("Beijing", "China")),
        ("The meeting between Vladimir Putin and Xi Jinping, which could reshape ties, took place in Beijing.",
         ("Beijing", "China")),
    ],
)
def test_events_non_event_cues_elsewhere_in_the_sentence_do_not_cancel(annotate, text, place):
    event = only_event(annotate(text))
    assert (event.location, event.country) == place


def test_events_meeting_to_be_held_is_planned(annotate):
    text = "The meeting between Vladimir Putin and Xi Jinping, to be held in Beijing, was announced on Monday."
    assert annotate(text).events == []


def test_events_article_without_meeting(annotate):
    record = annotate(
        "Gas Prices Climb Across Europe\n\n"
        "Energy prices rose in Europe this week as Russia cut supplies to Germany. "
        "Analysts in Berlin said Chancellor Olaf Scholz faced pressure to secure new contracts, "
        "and Emmanuel Macron urged calm in a televised address."
    )
    assert record.events == []


def test_events_future_meeting_does_not_take_later_details(annotate):
    record = annotate(
        "Recep Tayyip Erdoğan and Ilham Aliyev met in Baku on Saturday. "
        "They will meet again in Ankara in May. The meeting will take place at the presidential complex."
    )
    assert meetings(record) == [
        (frozenset({"Recep Tayyip Erdoğan", "Ilham Aliyev"}), "Baku", "Azerbaijan", None, "on Saturday")
    ]


# --- without the statistical model ----------------------------------------------------------------


def test_events_cues_are_data_with_about_keys():
    path = models_dir() / "events" / "cues.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "about" in data
    cues = load_cues(None)
    assert "meet" in cues.symmetric_verbs and "talks" in cues.meeting_nouns
    assert ("on", "the", "sidelines", "of") in cues.occasion_phrases


def test_events_bad_cues_path_has_a_coded_error(tmp_path):
    broken = tmp_path / "cues.json"
    broken.write_text('{"about": "missing everything"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"E-EVENTS-001"):
        load_cues(str(broken))


def _mention(doc, people=(), **fields):
    return Mention(doc[0:1], "meeting_verb.v1", participants=list(people), **fields)


@pytest.fixture(scope="module")
def tiny_doc():
    return spacy.blank("en")("A sentence .")


def test_events_merge_same_people_fill_empty_fields(tiny_doc):
    first = _mention(tiny_doc, ["A", "B"], country="Turkmenistan", time="this week")
    anaphor = _mention(tiny_doc, anaphoric=True, occasion="on the sidelines of a summit")
    again = _mention(tiny_doc, ["B", "A"], location="Ashgabat", country="Turkmenistan")
    [event] = merge_mentions([first, anaphor, again])
    assert (event.location, event.country, event.occasion, event.time) == (
        "Ashgabat", "Turkmenistan", "on the sidelines of a summit", "this week")
    assert event.evidence is first


def test_events_merge_keeps_conflicting_places_apart(tiny_doc):
    moscow = _mention(tiny_doc, ["A", "B"], location="Moscow", country="Russia")
    beijing = _mention(tiny_doc, ["A", "B"], location="Beijing", country="China")
    other = _mention(tiny_doc, ["C", "D"])
    events = merge_mentions([moscow, beijing, other])
    assert [(e.participants, e.location) for e in events] == [
        (["A", "B"], "Moscow"), (["A", "B"], "Beijing"), (["C", "D"], None)
    ]


def test_events_merge_anaphor_after_a_non_event_is_dropped(tiny_doc):
    real = _mention(tiny_doc, ["A", "B"])
    planned = _mention(tiny_doc, ["A", "B"], realis=False)
    anaphor = _mention(tiny_doc, anaphoric=True, location="Ankara")
    [event] = merge_mentions([real, planned, anaphor])
    assert event.location is None


def test_events_merge_prefers_prose_evidence_over_heading(tiny_doc):
    heading = _mention(tiny_doc, ["A", "B"], in_heading=True)
    prose = _mention(tiny_doc, ["A", "B"])
    [event] = merge_mentions([heading, prose])
    assert event.evidence is prose


def _parsed(words, heads, deps, pos, lemmas, people):
    """A hand-built parsed Doc with linked PERSON entities (no statistical model)."""
    import pipeline.linking  # noqa: F401  (registers the Span extensions)

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    ents = []
    for start, end, canonical in people:
        span = Span(doc, start, end, label="PERSON")
        span._.newsclaims_canonical = canonical
        ents.append(span)
    doc.ents = ents
    return nlp, doc


def test_events_rules_on_a_hand_built_parse():
    # "Putin and Erdogan met on Friday ." / "Putin did not meet Erdogan ."
    nlp, doc = _parsed(
        ["Putin", "and", "Erdogan", "met", "on", "Friday", "."],
        [3, 0, 0, 3, 3, 4, 3],
        ["nsubj", "cc", "conj", "ROOT", "prep", "pobj", "punct"],
        ["PROPN", "CCONJ", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"],
        ["Putin", "and", "Erdogan", "meet", "on", "Friday", "."],
        [(0, 1, "Vladimir Putin"), (2, 3, "Recep Tayyip Erdoğan")],
    )
    extractor = ev.MeetingExtractor(nlp, "newsclaims_events")
    [event] = extractor(doc)._.newsclaims_events
    assert event["participants"] == ["Vladimir Putin", "Recep Tayyip Erdoğan"]
    assert event["evidence"] == {"block": None, "start": 0, "end": len(doc.text.rstrip()), "rule": "meeting_verb.v1"}

    nlp, negated = _parsed(
        ["Putin", "did", "not", "meet", "Erdogan", "."],
        [3, 3, 3, 3, 3, 3],
        ["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
        ["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
        ["Putin", "do", "not", "meet", "Erdogan", "."],
        [(0, 1, "Vladimir Putin"), (4, 5, "Recep Tayyip Erdoğan")],
    )
    assert extractor(negated)._.newsclaims_events == []
    assert list(negated.spans["newsclaims_events"]) == []


def test_events_token_phrase_helpers(tiny_doc):
    doc = spacy.blank("en")("They met ahead of talks .")
    assert ev._preceded_by(doc, 4, ev.load_cues(None).future_phrases)
    assert not ev._preceded_by(doc, 2, ev.load_cues(None).future_phrases)


def test_events_component_in_a_blank_pipeline_and_saved_with_it(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("newsclaims_events")
    doc = nlp("Putin met Erdogan.")  # no parser in front of it (--fast): no events, no crash
    assert doc._.newsclaims_events == [] and list(doc.spans["newsclaims_events"]) == []
    nlp.to_disk(tmp_path / "pipe")
    saved = json.loads((tmp_path / "pipe" / "newsclaims_events" / "cues.json").read_text(encoding="utf-8"))
    assert saved == json.loads((models_dir() / "events" / "cues.json").read_text(encoding="utf-8"))
    reloaded = spacy.load(tmp_path / "pipe")
    assert reloaded.get_pipe("newsclaims_events").cues.meeting_nouns == load_cues(None).meeting_nouns


def _events(record):
    return [(sorted(e.participants), e.location, e.country) for e in record.events]


def test_events_place_from_wire_dateline(annotate):
    record = annotate("DAKAR, Senegal (AP) — Senegalese President Bassirou Diomaye Faye hosted "
                      "Ivorian President Alassane Ouattara on Monday for talks on trade.")
    assert _events(record) == [(["Alassane Ouattara", "Bassirou Diomaye Faye"], "Dakar", "Senegal")]
    record = annotate("Hanoi, March 3 (VNA) Prime Minister Pham Minh Chinh received "
                      "Singaporean Prime Minister Lawrence Wong at the Government Office.")
    assert [e.location for e in record.events] == ["Hanoi"]


def test_events_place_from_headline_when_it_names_one_city(annotate):
    record = annotate("Orban and Vucic meet in Belgrade\n\nHungarian Prime Minister Viktor Orban held talks "
                      "with Serbian President Aleksandar Vucic on Friday. They discussed energy.")
    assert [e.location for e in record.events] == ["Belgrade"]


def test_events_setting_does_not_override_the_meetings_own_place(annotate):
    record = annotate("PARIS (Reuters) — The two leaders last met in Rome. French President Emmanuel Macron "
                      "met Italian Prime Minister Giorgia Meloni in Rome in May.")
    assert [e.location for e in record.events] == ["Rome"]
    # a colon after a person's name is not a dateline
    record = annotate("Macron: Europe must act\n\nEmmanuel Macron met Olaf Scholz on Monday.")
    assert [e.location for e in record.events] == [None]


def test_events_one_bilateral_per_counterpart(annotate):
    record = annotate("On the last day of the summit, Prime Minister Christopher Luxon sat down with "
                      "Japanese Prime Minister Fumio Kishida, Indonesian President Joko Widodo and "
                      "Canadian Prime Minister Justin Trudeau.")
    assert sorted(tuple(sorted(e.participants)) for e in record.events) == [
        ("Christopher Luxon", "Fumio Kishida"), ("Christopher Luxon", "Joko Widodo"), ("Christopher Luxon", "Justin Trudeau")]
    # a plural meeting noun with two named counterparts, the second "with" hung elsewhere by the parser
    record = annotate("Kaja Kallas said she had also held meetings with Serbia's President, Aleksandar Vucic, "
                      "and with Montenegro's Prime Minister, Milojko Spajic.")
    assert sorted(tuple(sorted(e.participants)) for e in record.events) == [
        ("Aleksandar Vučić", "Kaja Kallas"), ("Kaja Kallas", "Milojko Spajic")]
    # two counterparts in one "with" phrase stay one meeting (it may be a three-way one)
    record = annotate("Joe Biden met with Fumio Kishida and Yoon Suk Yeol at Camp David.")
    assert [sorted(e.participants) for e in record.events] == [["Fumio Kishida", "Joe Biden", "Yoon Suk Yeol"]]


def test_events_trip_to_see_and_discussed_with(annotate):
    record = annotate("President William Ruto made a two-day trip to Kampala on Friday to see Ugandan President Yoweri Museveni.")
    assert _events(record) == [(["William Ruto", "Yoweri Museveni"], "Kampala", "Uganda")]
    record = annotate("King Abdullah II discussed with Egyptian President Abdel Fattah el-Sisi in Cairo the situation in Gaza.")
    assert [sorted(e.participants) for e in record.events] == [["Abdel Fattah el-Sisi", "Abdullah II of Jordan"]]
    # not a meeting: seeing someone as something, discussing by phone
    assert annotate("Narendra Modi sees Emmanuel Macron as a close partner.").events == []
    assert annotate("Olaf Scholz discussed with Justin Trudeau by phone the energy crisis.").events == []


def test_events_with_phrase_on_the_meeting_nouns_participle(annotate):
    record = annotate("Mette Frederiksen held a private meeting lasting about an hour with Greenland's premier, Jens-Frederik Nielsen.")
    assert [sorted(e.participants) for e in record.events] == [["Jens-Frederik Nielsen", "Mette Frederiksen"]]


def test_events_courtesy_call_on_a_person_is_a_meeting(annotate):
    record = annotate("Bangladesh High Commissioner Syed Muazzem Ali called on Prime Minister Narendra Modi "
                      "in New Delhi on Monday.")
    assert _events(record) == [(["Narendra Modi", "Syed Muazzem Ali"], "New Delhi", "India")]
    # a demand, and a phone call, are not
    assert annotate("William Ruto called on Benjamin Netanyahu to halt the offensive.").events == []
    assert annotate("William Ruto called on Benjamin Netanyahu by phone on Monday.").events == []


# --- a visit made at a named host's invitation -------------------------------------------------


def test_visit_at_the_invitation_of_a_named_host_is_a_meeting(annotate):
    record = annotate(
        "President Bola Tinubu of Nigeria arrived in Ghana on March 3 for a state visit, "
        "made at the invitation of President John Mahama."
    )
    e = only_event(record)
    assert set(e.participants) == {"Bola Tinubu", "John Mahama"}
    assert e.country == "Ghana"
    assert e.evidence.rule == "meeting_invitation.v1"


def test_invitation_before_the_clause_and_paid_visit(annotate):
    record = annotate(
        "At the invitation of Prime Minister Narendra Modi, Prime Minister Sheikh Hasina paid an "
        "official visit to India last week."
    )
    e = only_event(record)
    assert set(e.participants) == {"Narendra Modi", "Sheikh Hasina"}


@pytest.mark.parametrize("text", [
    # a future visit is not a meeting that happened
    "President Bola Tinubu will pay a state visit to Ghana next month at the invitation of President John Mahama.",
    # an invitation that is accepted or declined is no visit
    "President Bola Tinubu accepted the invitation of President John Mahama to visit Ghana.",
    # an invitation by an institution names no host
    "President Bola Tinubu arrived in Ghana for a visit at the invitation of the Ghanaian parliament.",
])
def test_invitation_without_a_visit_that_happened_is_not_a_meeting(annotate, text):
    assert annotate(text).events == []


def test_finished_a_one_on_one_session_is_a_meeting(annotate):
    record = annotate(
        "Once Prime Minister Mark Carney and President Donald Trump had finished a 30-minute "
        "one-on-one session on Monday, aides joined them."
    )
    assert set(only_event(record).participants) == {"Mark Carney", "Donald Trump"}


def test_a_city_the_gazetteer_does_not_know_takes_the_country_of_its_apposition(annotate):
    record = annotate(
        "Prime Minister Robert Golob hosted Prime Minister Andrej Plenković in Otočec, "
        "a castle village in Slovenia, on Friday.\n\n"
        "Later that day Golob met President Aleksandar Vučić in Otočec."
    )
    assert {(frozenset(e.participants), e.location, e.country) for e in record.events} == {
        (frozenset({"Robert Golob", "Andrej Plenković"}), "Otočec", "Slovenia"),
        (frozenset({"Robert Golob", "Aleksandar Vučić"}), "Otočec", "Slovenia")}


def test_meeting_place_from_the_one_city_the_article_names(annotate):
    record = annotate(
        "Ruto raises trade with Ramaphosa\n\n"
        "President William Ruto held talks with President Cyril Ramaphosa on Tuesday, the Kenyan "
        "presidency said.\n\n"
        "\u201cWe agreed to remove barriers,\u201d Ruto told reporters in Pretoria."
    )
    assert only_event(record).location == "Pretoria"


def test_two_cities_in_the_article_leave_the_meeting_place_open(annotate):
    record = annotate(
        "President William Ruto held talks with President Cyril Ramaphosa on Tuesday, the Kenyan "
        "presidency said.\n\n"
        "Ruto later flew from Pretoria to Cape Town."
    )
    assert only_event(record).location is None


def test_national_role_descriptions_and_they_in_a_when_clause(annotate):
    record = annotate(
        "Kenya's president and his Ethiopian counterpart talked about the dam when they sat "
        "down for talks in Addis Ababa on Friday.\n\n"
        "President William Ruto thanked Prime Minister Abiy Ahmed for the invitation."
    )
    e = only_event(record)
    assert set(e.participants) == {"William Ruto", "Abiy Ahmed"}
    assert e.location == "Addis Ababa"


def test_host_verb_misparsed_as_an_adjective_still_makes_a_meeting(annotate):
    record = annotate("President Lula da Silva hosted President William Ruto in Brasília on Tuesday.")
    e = only_event(record)
    assert set(e.participants) == {"Luiz Inácio Lula da Silva", "William Ruto"}
    assert e.location == "Brasília"


def test_an_earlier_meeting_told_with_an_anaphor_takes_the_people_named_before(annotate):
    record = annotate(
        "President Gabriel Boric and President Luiz Inácio Lula da Silva discussed lithium. "
        "When the two last met, in Lima in 2022, they agreed to build a road."
    )
    e = only_event(record)
    assert set(e.participants) == {"Gabriel Boric", "Luiz Inácio Lula da Silva"}
    assert e.location == "Lima"


def test_an_anaphoric_future_meeting_is_not_an_event(annotate):
    record = annotate(
        "President Gabriel Boric and President Luiz Inácio Lula da Silva discussed lithium by phone. "
        "They will meet in Lima next year."
    )
    assert record.events == []


def test_working_lunch_and_details_hung_on_for_the_first_time(annotate):
    record = annotate(
        "President Emmanuel Macron and Chancellor Olaf Scholz held a working lunch at the Élysée Palace.\n\n"
        "Brazilian President Luiz Inácio Lula da Silva met his Argentine counterpart Javier Milei for the "
        "first time on the margins of the Mercosur summit in Montevideo."
    )
    found = {frozenset(e.participants): e for e in record.events}
    assert frozenset({"Emmanuel Macron", "Olaf Scholz"}) in found
    lula = found[frozenset({"Luiz Inácio Lula da Silva", "Javier Milei"})]
    assert lula.location == "Montevideo" and lula.occasion.startswith("on the margins of the Mercosur summit")


@pytest.mark.parametrize("text, people", [
    # a welcome or hosting noun with the guest as dative or after "to"
    ("President William Ruto gave Luiz Inácio Lula da Silva a warm welcome to State House on Monday.",
     {"William Ruto", "Luiz Inácio Lula da Silva"}),
    ("President Cyril Ramaphosa played host to President Samia Suluhu Hassan at his Pretoria residence on Friday.",
     {"Cyril Ramaphosa", "Samia Suluhu Hassan"}),
    # the parser hangs "with" on the venue, or on the meeting noun inside the light noun
    ("The Emir Tamim bin Hamad Al Thani held a session of official talks today at the Amiri Diwan with "
     "President Emmanuel Macron.", {"Tamim bin Hamad Al Thani", "Emmanuel Macron"}),
    # the counterpart fronted on the clause verb
    ("With Armenian Prime Minister Nikol Pashinyan, Narendra Modi called the talks a very good interaction.",
     {"Narendra Modi", "Nikol Pashinyan"}),
])
def test_events_hosting_nouns_and_misattached_with_phrases(annotate, text, people):
    assert set(only_event(annotate(text)).participants) == people


def test_events_separate_with_phrases_are_separate_bilaterals(annotate):
    record = annotate("Anthony Albanese also held talks with Taneti Maamau, the President of Kiribati, and with "
                      "Mark Brown, the Prime Minister of the Cook Islands.")
    assert sorted(sorted(e.participants) for e in record.events) == [
        ["Anthony Albanese", "Mark Brown"], ["Anthony Albanese", "Taneti Maamau"]]


def test_events_a_welcome_without_a_guest_is_no_meeting(annotate):
    assert not annotate("The president gave a warm welcome speech to the crowd on Monday.").events
    assert not annotate("Kenya played host to the regional summit in 2023.").events


def test_events_meeting_place_from_the_city_someone_arrived_in(annotate):
    record = annotate(
        "Luxon turns to fisheries in talks with Pacific leaders\n\n"
        "Christopher Luxon is in Samoa, where he joins a dozen leaders at the regional summit.\n\n"
        "The prime minister reached Apia on Tuesday for three days of talks.\n\n"
        "Luxon held a bilateral meeting with Prime Minister Siaosi Sovaleni on Wednesday."
    )
    places = [(e.participants, e.location) for e in record.events]
    assert places and all(location == "Apia" for _, location in places), places


def test_events_no_arrival_city_when_two_are_named(annotate):
    record = annotate(
        "Luxon turns to fisheries in talks with Pacific leaders\n\n"
        "Christopher Luxon is on a tour of island nations this week.\n\n"
        "The prime minister landed in Suva on Monday and arrived in Port Vila on Wednesday.\n\n"
        "Luxon held a bilateral meeting with Sitiveni Rabuka."
    )
    assert [e.location for e in record.events] == [None], [(e.participants, e.location) for e in record.events]


def test_events_conversations_after_phone_calls_are_those_calls(annotate):
    record = annotate(
        "On Thursday President Alexander Stubb spoke by telephone with Prime Minister Ulf Kristersson "
        "and with Prime Minister Jonas Gahr Støre, his office said.\n\n"
        "In his conversations with Kristersson and Støre, Stubb stressed the need for Nordic unity."
    )
    assert record.events == [], [e.participants for e in record.events]


def test_events_a_meeting_with_its_own_place_after_a_call_is_kept(annotate):
    record = annotate(
        "Last month President Alexander Stubb spoke by telephone with Prime Minister Ulf Kristersson.\n\n"
        "On Tuesday Stubb met Kristersson in Stockholm to discuss Baltic security."
    )
    assert [(sorted(e.participants), e.location) for e in record.events] == [(["Alexander Stubb", "Ulf Kristersson"], "Stockholm")]


def test_events_talks_held_by_x_with_y_and_with_z_are_two_bilaterals(annotate):
    record = annotate(
        "Talks along the same lines were held by President Hakainde Hichilema with President Lazarus Chakwera "
        "of Malawi, and with President Samia Suluhu Hassan of Tanzania."
    )
    assert sorted(sorted(e.participants) for e in record.events) == [
        ["Hakainde Hichilema", "Lazarus Chakwera"], ["Hakainde Hichilema", "Samia Suluhu Hassan"]], record.events


def test_events_talks_held_in_a_city_without_an_agent_name_nobody_new(annotate):
    record = annotate("Talks were held in Lusaka with President Lazarus Chakwera on Monday.")
    assert record.events == [], record.events


def test_events_a_pronoun_in_a_fronted_clause_is_the_main_subject(annotate):
    record = annotate(
        "Prime Minister Anthony Albanese opened with Prime Minister Sitiveni Rabuka of Fiji.\n\n"
        "Rabuka, in turn, offered his backing for the summit.\n\n"
        "When he met Prime Minister James Marape, Albanese raised climate finance.\n\n"
        "At his talks with Prime Minister Jeremiah Manele, Albanese stressed policing."
    )
    meetings = sorted(sorted(e.participants) for e in record.events)
    assert ["Anthony Albanese", "James Marape"] in meetings, meetings
    assert ["Anthony Albanese", "Jeremiah Manele"] in meetings, meetings
    assert not any("Sitiveni Rabuka" in m and len(m) > 2 for m in meetings), meetings


def test_events_talks_after_following_read_as_a_verb(annotate):
    record = annotate(
        '"We will keep building on this partnership," Chancellor Friedrich Merz told a news conference '
        "following talks with Prime Minister Donald Tusk in Warsaw."
    )
    assert [sorted(e.participants) for e in record.events] == [["Donald Tusk", "Friedrich Merz"]], record.events


def test_events_a_guest_named_by_role_is_the_person_the_article_names(annotate):
    record = annotate(
        "Sheikh Tamim bin Hamad Al Thani, the Emir of Qatar, arrived in Muscat on Monday for a state visit.\n\n"
        "Sultan Haitham bin Tarik received the Qatari emir on Tuesday at Al Alam Palace."
    )
    meetings = [sorted(e.participants) for e in record.events]
    assert any("Tamim bin Hamad Al Thani" in m and len(m) == 2 for m in meetings), meetings


def test_events_a_role_nobody_in_the_article_holds_is_no_guest(annotate):
    record = annotate("Sultan Haitham bin Tarik received the Qatari emir on Tuesday at Al Alam Palace.")
    assert record.events == [], record.events


def test_events_presidents_named_by_their_countries_are_the_articles_holders(annotate):
    record = annotate(
        "Leaders of the region have arrived in Tashkent: the President of the Republic of Kazakhstan, "
        "Kassym-Jomart Tokayev; the President of the Kyrgyz Republic, Sadyr Japarov; and the President of "
        "Tajikistan, Emomali Rahmon.\n\n"
        "The President of Uzbekistan, Shavkat Mirziyoyev, chairs the summit.\n\n"
        "On Monday the President of Uzbekistan held separate bilateral talks with the Presidents of "
        "Kazakhstan and Tajikistan."
    )
    meetings = sorted(sorted(e.participants) for e in record.events)
    assert ["Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"] in meetings, meetings
    assert ["Emomali Rahmon", "Shavkat Mirziyoyev"] in meetings, meetings
    assert not any("Sadyr Japarov" in m for m in meetings), meetings


def test_events_an_office_of_a_country_nobody_holds_in_the_article_names_nobody(annotate):
    record = annotate("President Shavkat Mirziyoyev held talks with the President of Kazakhstan in Tashkent.")
    assert record.events == [], record.events


def test_events_an_agency_dateline_abroad_gives_way_to_the_leads_city_at_home(annotate):
    record = annotate(
        "Tokayev hosts Japarov for state visit\n\n"
        "Baku, Azerbaijan, March 3 (Trend): Kyrgyz President Sadyr Japarov was welcomed at the residence of "
        "the Kazakh president in Astana on March 3, the press service of President Kassym-Jomart Tokayev said.\n\n"
        "The two presidents then held talks in a narrow format."
    )
    assert [(e.location, e.country) for e in record.events] == [("Astana", "Kazakhstan")], record.events


def test_events_a_joint_press_appearance_is_a_meeting(annotate):
    record = annotate(
        "President Daniel Noboa and his Peruvian counterpart Dina Boluarte spoke to reporters at a press conference "
        "in Lima on Monday.\n\n"
        "They said the two nations had agreed to work on border security."
    )
    assert [(sorted(e.participants), e.location) for e in record.events] == [
        (["Daniel Noboa", "Dina Boluarte"], "Lima")], record.events


def test_events_a_joint_briefing_of_one_main_leader_includes_the_other(annotate):
    record = annotate(
        "Speaking in Warsaw on Monday, Prime Minister Petteri Orpo said Finland would keep its border closed. "
        "Orpo was in Poland for talks on defence.\n\n"
        "At a joint press briefing, his Polish counterpart Donald Tusk said he was relying on Finland for support. "
        "Tusk also praised Orpo."
    )
    assert any(sorted(e.participants) == ["Donald Tusk", "Petteri Orpo"] for e in record.events), record.events


def test_events_one_leader_at_a_press_conference_or_a_conference_is_no_meeting(annotate):
    record = annotate(
        "President William Ruto told a press conference in Nairobi on Monday that taxes would fall. "
        "Ruto and President Yoweri Museveni both attended a conference on climate in Paris last year."
    )
    assert record.events == [], record.events


def test_events_a_city_of_a_visit_still_to_come_is_not_the_setting(annotate):
    record = annotate(
        "Prime Minister Sheikh Hasina and her Indian counterpart Narendra Modi sat down for a one-to-one meeting "
        "on Sunday evening.\n\n"
        "At the meeting, Hasina asked Modi to pay a visit to Dhaka whenever it suited him, officials said."
    )
    assert [e.location for e in record.events] == [None], record.events


def test_events_a_where_clause_gives_the_meeting_place(annotate):
    record = annotate("Earlier this month President Lee Jae-myung travelled to China, where he held talks with "
                      "Chinese President Xi Jinping.")
    assert [(e.location, e.country) for e in record.events] == [(None, "China")], record.events


def test_events_an_earlier_meeting_does_not_take_the_setting_city(annotate):
    record = annotate(
        "TOKYO (Kyodo) -- Prime Minister Sanae Takaichi hosted President Lee Jae-myung in Tokyo on Tuesday.\n\n"
        "In August last year, Lee held talks with Shigeru Ishiba, who was prime minister at the time."
    )
    places = {tuple(sorted(e.participants)): e.location for e in record.events}
    assert places.get(("Lee Jae-myung", "Sanae Takaichi")) == "Tokyo", record.events
    assert places.get(("Lee Jae-myung", "Shigeru Ishiba"), "none") is None, record.events


def test_events_a_visit_headline_gives_the_meetings_country(annotate):
    record = annotate(
        "President Mahama ends state visit to Burkina Faso\n\n"
        "President John Mahama has ended a state visit to Burkina Faso, during which he held talks with "
        "Captain Ibrahim Traoré on border security.\n\n"
        "At the presidential palace, the two leaders also reviewed trade between their countries."
    )
    events = [e for e in record.events if {"John Mahama", "Ibrahim Traoré"} <= set(e.participants)]
    assert [(e.location, e.country) for e in events] == [(None, "Burkina Faso")], record.events


def test_events_a_visit_still_to_come_gives_no_country(annotate):
    record = annotate(
        "Mahama to pay state visit to Burkina Faso next month\n\n"
        "President John Mahama met Captain Ibrahim Traoré on the sidelines of the summit on Monday and "
        "will travel to Burkina Faso next month, officials said."
    )
    events = [e for e in record.events if {"John Mahama", "Ibrahim Traoré"} <= set(e.participants)]
    assert events and all(e.country is None for e in events), record.events


def test_events_a_host_who_also_met_two_guests_held_two_bilaterals(annotate):
    record = annotate(
        "President William Ruto held talks with President Emmanuel Macron on the sidelines of the summit in Paris "
        "on Thursday. Ruto also met Indian Prime Minister Narendra Modi and Japanese Prime Minister Fumio Kishida."
    )
    pairs = sorted(tuple(sorted(e.participants)) for e in record.events)
    assert ("Fumio Kishida", "William Ruto") in pairs and ("Narendra Modi", "William Ruto") in pairs, pairs
    assert not any(len(p) > 2 for p in pairs), pairs


def test_events_two_guests_met_without_also_stay_one_meeting(annotate):
    record = annotate("President William Ruto met Indian Prime Minister Narendra Modi and Japanese Prime Minister "
                      "Fumio Kishida in Nairobi on Thursday.")
    assert [sorted(e.participants) for e in record.events] == [["Fumio Kishida", "Narendra Modi", "William Ruto"]], \
        record.events


@pytest.mark.parametrize("day", [
    "the closing day",
    "the last day",  # "the last day of the summit" is the final day, no earlier meeting
])
def test_events_the_one_city_of_the_meetings_sentence_is_its_place(annotate, day):
    record = annotate(
        "Argentina and India discuss lithium\n\n"
        f"President Javier Milei met Indian Prime Minister Narendra Modi on Tuesday, {day} of the G20 "
        "summit in Rio de Janeiro. He had arrived from Buenos Aires on Sunday, and Modi had come from Delhi."
    )
    assert [(e.location, e.country) for e in record.events] == [("Rio de Janeiro", "Brazil")], record.events


def test_events_a_city_someone_came_from_is_not_the_meetings_place(annotate):
    record = annotate("President Javier Milei, who flew in from Buenos Aires overnight, met Indian Prime Minister "
                      "Narendra Modi on Tuesday. Modi is due in Paris next.")
    assert [e.location for e in record.events] == [None], record.events


def test_events_a_joint_press_conference_the_two_gave_is_their_meeting(annotate):
    record = annotate("Jordanian Minister of Foreign Affairs and Expatriates Ayman Al-Safadi and Heiko Maas, his German "
                      "counterpart, gave a joint press conference in Amman on Thursday following talks on the region.")
    assert [(sorted(e.participants), e.location) for e in record.events] == [(["Ayman Al-Safadi", "Heiko Maas"], "Amman")]


def test_events_a_meeting_of_the_two_ministers_in_a_fronted_phrase(annotate):
    """"In a meeting held in Ankara, the two foreign ministers talked ...": the clause subject
    refers back to the article's two people."""
    record = annotate("Foreign Minister Shah Mahmood Qureshi and Mevlut Cavusoglu, his Turkish counterpart, spoke "
                      "to reporters on Tuesday.\n\nIn a meeting held in Ankara, the two foreign ministers talked about "
                      "ways of rallying support for the Palestinians.")
    assert [(sorted(e.participants), e.location) for e in record.events] == [
        (["Mevlüt Çavuşoğlu", "Shah Mahmood Qureshi"], "Ankara")]


def test_events_bilaterals_of_one_summit_share_its_city(annotate):
    """No city set by the article (its lead names two): the meetings without a place take
    the one city of its other meetings."""
    record = annotate("Milei meets leaders at the G20\n\nArgentine President Javier Milei held a bilateral meeting with "
                      "Chinese President Xi Jinping on Tuesday, the closing day of the G20 summit in Rio de Janeiro. China "
                      "wants more trade with Buenos Aires, his office said.\n\nMilei also met Indian Prime Minister "
                      "Narendra Modi.")
    assert {(tuple(sorted(e.participants)), e.location) for e in record.events} == {
        (("Javier Milei", "Xi Jinping"), "Rio de Janeiro"), (("Javier Milei", "Narendra Modi"), "Rio de Janeiro")}


def test_events_traded_views_with_and_a_title_as_the_subject(annotate):
    """"The Prime Minister also traded views with Y": the verb-and-object key's "with" hangs
    on the object, and the title refers back to the person named before; by phone it is
    no meeting."""
    record = annotate("Prime Minister Narendra Modi held talks in Tianjin on Sunday.\n\nThe Prime Minister also traded "
                      "views with Turkmenistan President Serdar Berdimuhamedow on trade.\n\nModi exchanged views with "
                      "Vladimir Putin by phone.")
    assert [sorted(e.participants) for e in record.events] == [["Narendra Modi", "Serdar Berdimuhamedow"]]


def test_events_a_fronted_with_the_parser_hangs_on_the_subject(annotate):
    record = annotate("With Armenian Prime Minister Nikol Pashinyan, PM Modi called the talks a \"very good "
                      "interaction\" and stressed that ties are warm.")
    assert [sorted(e.participants) for e in record.events] == [["Narendra Modi", "Nikol Pashinyan"]]


@pytest.mark.parametrize(
    "text",
    [
        # a fronted participle clause whose object is the joint appearance
        "Addressing a joint press conference in Accra on Monday, President Nana Akufo-Addo and Mozambique's "
        "President, Filipe Nyusi, lamented the toll of the war.",
        # joint press statements "with" the guest; a court abbreviation before the name
        "In joint press statements with the Chancellor of Germany, HE Olaf Scholz, delivered in Doha on Sunday, "
        "Sheikh Tamim bin Hamad Al Thani stressed that trade was growing.",
    ],
)
def test_events_joint_press_appearances_told_around_the_clause(annotate, text):
    found = meetings(annotate(text))
    assert len(found) == 1 and len(found[0][0]) == 2, found
    assert found[0][1] in ("Accra", "Doha")


def test_events_a_quoted_first_person_meeting_is_the_quoted_speakers(annotate):
    """"“I then had a bilateral meeting with my Timor Leste counterpart Taur Matan Ruak,” he
    said": "I" is the speaker, across a quotation that runs over two paragraphs; a name after
    "counterpart" is a person."""
    record = annotate(
        "Anwar holds talks with Asean leaders\n\n"
        "KUALA LUMPUR (May 10): Prime Minister Anwar Ibrahim sat down today with his fellow Asean leaders "
        "while attending the 42nd Asean Summit in Labuan Bajo, Indonesia.\n\n"
        "“During this summit I also held bilateral talks with my Lao counterpart, Sonexay Siphandone.\n\n"
        "“I then had a further bilateral meeting, with my Timor Leste counterpart Taur Matan Ruak, in which "
        "we spoke of trade,” he said.")
    found = {(frozenset(e.participants), e.location) for e in record.events}
    assert found == {(frozenset({"Anwar Ibrahim", "Sonexay Siphandone"}), "Labuan Bajo"),
                     (frozenset({"Anwar Ibrahim", "Taur Matan Ruak"}), "Labuan Bajo")}


def test_events_a_city_of_something_still_to_do_is_not_the_meetings(annotate):
    record = annotate("Anwar Ibrahim also met Vietnam's Prime Minister, Pham Minh Chinh, and expressed Malaysia's "
                      "readiness to host a Vietnamese delegation in Putrajaya next year.")
    assert [e.location for e in record.events] == [None]


def test_events_their_talks_belong_to_the_clause_subject(annotate):
    record = annotate("French President Emmanuel Macron and Muhammadu Buhari, Nigeria's leader, used their talks in "
                      "Abuja to discuss ways of stepping up the fight against terrorism.")
    assert [frozenset(e.participants) for e in record.events] == [frozenset({"Emmanuel Macron", "Muhammadu Buhari"})]
