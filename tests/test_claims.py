"""Claims extractor (factory ``newsclaims_claims``): attributed statements, speakers, hedges.

Rule tests on hand-built parses come first (no statistical model); the rest run the real
pipeline on short articles written for these tests (session fixtures in conftest.py).
"""

import doctest
import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from pipeline import claims as claims_module
from pipeline.claims import SPAN_KEY, ClaimsDataError, find_quotations, load_claim_cues, trim_content
from pipeline.schema import Claim

ROOT = Path(__file__).resolve().parent.parent
CUES = ROOT / "models" / "claims" / "cues.json"
HEDGES = ROOT / "models" / "claims" / "hedges.json"
SAMPLE = ROOT / "data" / "samples" / "erdogan-putin-ashgabat.txt"


def claims_of(annotate, text):
    record = annotate(text)
    assert record.status == "ok", record.error
    return [c.model_dump() for c in record.claims]


def only(annotate, text):
    found = claims_of(annotate, text)
    assert len(found) == 1, found
    return found[0]


def subset(claim, expected):
    return {k: claim[k] for k in expected} == expected


# --- helpers and data (no model) ------------------------------------------------------------


def test_claims_doctests():
    result = doctest.testmod(claims_module)
    assert result.attempted >= 5 and result.failed == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will not be intimidated,” Zelenskyy said.", ["We will not be intimidated,"]),
        ('Scholz said: "Germany will not waver."', ["Germany will not waver."]),
        ("«Nous resterons», a dit Macron.", ["Nous resterons"]),
        ("“A,” he said, “B.”", ["A,", "B."]),
        ("“Unclosed, he said.", []),
        ("No quotation at all.", []),
    ],
)
def test_claims_find_quotations_curly_straight_and_guillemets(text, expected):
    pairs = load_claim_cues().quote_pairs
    assert [text[a:b] for a, b in find_quotations(text, 0, len(text), pairs)] == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("“Relations are strong,”", "Relations are strong"),
        ("that the deal was signed.", "that the deal was signed"),
        (", the corridor is open to all partners.", "the corridor is open to all partners"),
        ("Ankara would “always stand with its brothers.”", "Ankara would “always stand with its brothers"),
        ("Is the war over?", "Is the war over"),
    ],
)
def test_claims_trim_content_drops_edge_marks_and_punctuation(raw, expected):
    start, end = trim_content(raw, 0, len(raw), load_claim_cues().quote_pairs)
    assert raw[start:end] == expected


def test_claims_data_files_explain_themselves():
    for path in (CUES, HEDGES):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["about"] and data["version"].endswith(".v1")
    cues = load_claim_cues()
    assert {"note", "say", "tell", "emphasize", "argue", "warn"} <= cues.verbs
    assert ("point", "out") in cues.phrasal_verbs and ("according", "to") in cues.phrases
    assert {"could", "may", "might", "would"} == cues.modals


def test_claims_bad_data_files_raise_coded_errors(tmp_path):
    with pytest.raises(ClaimsDataError, match=r"\[claims\.E001\]"):
        load_claim_cues(str(tmp_path / "missing.json"), None)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ClaimsDataError, match=r"\[claims\.E002\]"):
        load_claim_cues(str(broken), None)
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps({"about": "x", "verbs": ["say"]}), encoding="utf-8")
    with pytest.raises(ClaimsDataError, match=r"\[claims\.E003\].*phrasal_verbs"):
        load_claim_cues(str(partial), None)


def test_claims_factory_takes_data_paths_and_round_trips(tmp_path):
    data = json.loads(CUES.read_text(encoding="utf-8"))
    data["verbs"] = ["say", "grumble"]
    custom = tmp_path / "cues.json"
    custom.write_text(json.dumps(data), encoding="utf-8")
    nlp = spacy.blank("en")
    component = nlp.add_pipe("newsclaims_claims", config={"cues_path": str(custom)})
    assert component.cues.verbs == {"say", "grumble"}
    doc = nlp("Nothing parsed here.")
    assert doc._.newsclaims_claims == [] and list(doc.spans[SPAN_KEY]) == []
    component.to_disk(tmp_path / "saved")
    fresh = spacy.blank("en").add_pipe("newsclaims_claims")
    assert "grumble" not in fresh.cues.verbs
    fresh.from_disk(tmp_path / "saved")
    assert fresh.cues.verbs == {"say", "grumble"}


# --- rules on hand-built parses (no model) ---------------------------------------------------


def _parsed(nlp, rows):
    """A Doc from (word, lemma, pos, tag, dep, head index) rows; every word is followed by a
    space except before punctuation."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][2] != "PUNCT" for i in range(len(rows))]
    return Doc(nlp.vocab, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               tags=[r[3] for r in rows], deps=[r[4] for r in rows], heads=[r[5] for r in rows])


@pytest.fixture(scope="module")
def blank_claims():
    nlp = spacy.blank("en")
    return nlp, nlp.add_pipe("newsclaims_claims")


def test_claims_rule_that_clause_on_a_hand_built_parse(blank_claims):
    nlp, component = blank_claims
    doc = _parsed(nlp, [
        ("Critics", "critic", "NOUN", "NNS", "nsubj", 1), ("warned", "warn", "VERB", "VBD", "ROOT", 1),
        ("that", "that", "SCONJ", "IN", "mark", 5), ("prices", "price", "NOUN", "NNS", "nsubj", 5),
        ("might", "might", "AUX", "MD", "aux", 5), ("rise", "rise", "VERB", "VB", "ccomp", 1),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    [claim] = component(doc)._.newsclaims_claims
    assert claim == {"text": "prices might rise", "start": 20, "end": 37, "speaker": "Critics", "speaker_canonical": [],
                     "speaker_type": "group", "cue": "warn", "hedged": True, "block": None}
    assert [(s.text, s.label_) for s in doc.spans[SPAN_KEY]] == [("prices might rise", "group")]


def test_claims_rule_quotation_with_inverted_speaker_on_a_hand_built_parse(blank_claims):
    nlp, component = blank_claims
    doc = _parsed(nlp, [
        ("“", "“", "PUNCT", "``", "punct", 5), ("Talks", "talk", "NOUN", "NNS", "nsubj", 2),
        ("ended", "end", "VERB", "VBD", "ccomp", 5), (",", ",", "PUNCT", ",", "punct", 5),
        ("”", "”", "PUNCT", "''", "punct", 5), ("said", "say", "VERB", "VBD", "ROOT", 5),
        ("Lavrov", "Lavrov", "PROPN", "NNP", "nsubj", 5), (".", ".", "PUNCT", ".", "punct", 5),
    ])
    [claim] = component(doc)._.newsclaims_claims
    assert subset(claim, {"text": "Talks ended", "speaker": "Lavrov", "cue": "say", "speaker_type": "unattributed"})


def test_claims_rule_no_clause_no_claim_on_a_hand_built_parse(blank_claims):
    nlp, component = blank_claims
    doc = _parsed(nlp, [
        ("Diplomats", "diplomat", "NOUN", "NNS", "nsubj", 1), ("noted", "note", "VERB", "VBD", "ROOT", 1),
        ("the", "the", "DET", "DT", "det", 3), ("date", "date", "NOUN", "NN", "dobj", 1),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    assert component(doc)._.newsclaims_claims == []


# --- the real pipeline --------------------------------------------------------------------


def test_claims_dicts_have_exactly_the_schema_fields(annotator):
    doc = annotator.nlp("Observers note that the summit marks a renewed commitment to dialogue.")
    [claim] = doc._.newsclaims_claims
    assert set(claim) == set(Claim.model_fields)
    Claim(**claim)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Observers note that the summit marks a renewed commitment to strategic dialogue.",
         {"text": "the summit marks a renewed commitment to strategic dialogue", "speaker": "Observers",
          "speaker_type": "group", "speaker_canonical": [], "cue": "note", "hedged": False}),
        ("Experts point out that increased collaboration in energy could serve as a catalyst for growth.",
         {"text": "increased collaboration in energy could serve as a catalyst for growth", "speaker": "Experts",
          "speaker_type": "group", "cue": "point out", "hedged": True}),
        ("Leading analysts emphasize that the path to stability lies in deeper trade links.",
         {"text": "the path to stability lies in deeper trade links", "speaker": "Leading analysts",
          "speaker_type": "group", "cue": "emphasize"}),
        ("Kremlin spokesman Dmitry Peskov told reporters that the talks with Ankara were constructive.",
         {"text": "the talks with Ankara were constructive", "speaker": "Dmitry Peskov",
          "speaker_canonical": ["Dmitry Peskov"], "speaker_type": "person", "cue": "tell"}),
        ("Ankara insists that the corridor must remain open to all traffic.",
         {"text": "the corridor must remain open to all traffic", "speaker": "Ankara", "speaker_type": "country",
          "speaker_canonical": ["Turkey"], "cue": "insist", "hedged": False}),
        ("The Kremlin said that Moscow was ready for new talks.",
         {"text": "Moscow was ready for new talks", "speaker": "The Kremlin", "speaker_type": "country",
          "speaker_canonical": ["Russia"], "cue": "say"}),
        ("Modi pointed out that India had been a partner of France for decades.",
         {"text": "India had been a partner of France for decades", "speaker": "Modi",
          "speaker_canonical": ["Narendra Modi"], "cue": "point out"}),
        ("Diplomats say Brussels may impose new tariffs on Chinese steel.",
         {"text": "Brussels may impose new tariffs on Chinese steel", "speaker": "Diplomats", "cue": "say",
          "hedged": True}),
        ("The talks were constructive, Peskov said.",
         {"text": "The talks were constructive", "speaker": "Peskov", "cue": "say"}),
        # A private paper does not speak for its state; a state agency's country is kept.
        ("The Wall Street Journal reported that the call had turned heated.",
         {"text": "the call had turned heated", "speaker": "The Wall Street Journal",
          "speaker_type": "organization", "speaker_canonical": [], "cue": "report"}),
    ],
)
def test_claims_speaker_cue_that_clause(annotate, text, expected):
    assert subset(only(annotate, text), expected)


@pytest.mark.parametrize("sentence", [
    "Observers note that the vote was fair.",
    "One observer notes that the vote was fair.",
    "Observers noted that the vote was fair.",
    "Observers had noted that the vote was fair.",
])
def test_claims_cue_matches_every_inflection(annotate, sentence):
    claim = only(annotate, sentence)
    assert claim["cue"] == "note" and claim["text"] == "the vote was fair"


def test_claims_said_on_tuesday_that_and_said_without_that(annotate):
    found = claims_of(annotate, "Lula said on Tuesday that Brazil would not take sides. "
                                "Biden told reporters the alliance remained strong. "
                                "Meloni added that Italy would host the next round.")
    assert [(c["speaker"], c["cue"], c["text"]) for c in found] == [
        ("Lula", "say", "Brazil would not take sides"),
        ("Biden", "tell", "the alliance remained strong"),
        ("Meloni", "add", "Italy would host the next round"),
    ]


def test_claims_participle_and_coordinated_complements(annotate):
    claim = only(annotate, "Critics condemned the new law, saying it rewards loyalty over merit.")
    assert subset(claim, {"text": "it rewards loyalty over merit", "speaker": "Critics", "cue": "say"})
    # "X said A and that B" is one claim.
    claim = only(annotate, "The Kremlin's spokesman said the sides had discussed energy and that a new deal would follow.")
    assert subset(claim, {"text": "the sides had discussed energy and that a new deal would follow",
                          "speaker_type": "person", "speaker_canonical": ["Russia"], "hedged": False})


def test_claims_both_leaders_get_both_names(annotate):
    text = ("Chinese President Xi Jinping hosted Russian President Vladimir Putin in Beijing on Tuesday. "
            "Xi and Putin signed a trade pact. Both leaders emphasized that the partnership had no limits.")
    claim = only(annotate, text)
    assert subset(claim, {"speaker": "Both leaders", "speaker_type": "group", "cue": "emphasize",
                          "speaker_canonical": ["Xi Jinping", "Vladimir Putin"]})


def test_claims_several_named_people_are_a_group(annotate):
    claim = only(annotate, "Scholz and Macron said that Europe must spend more on defence.")
    assert claim["speaker_type"] == "group"
    assert claim["speaker_canonical"] == ["Olaf Scholz", "Emmanuel Macron"]


def test_claims_they_resolves_to_previous_group_in_the_previous_block(annotate):
    text = ("Turkish President Recep Tayyip Erdoğan met Ilham Aliyev in Baku. Erdoğan and Aliyev toured the port. "
            "Both leaders stressed that the corridor was open.\n\n"
            "Future trade, they argue, will depend on the new railway.")
    found = claims_of(annotate, text)
    assert [c["speaker"] for c in found] == ["Both leaders", "they"]
    assert found[1]["speaker_type"] == "group"
    assert found[1]["speaker_canonical"] == found[0]["speaker_canonical"] == ["Recep Tayyip Erdoğan", "Ilham Aliyev"]


def test_claims_they_after_anonymous_groups_is_a_group_without_names(annotate):
    text = ("Leading analysts emphasize that the path to stability lies in trade. Experts point out that "
            "investment could follow.\n\nDiplomatic engagement, they argue, must go beyond surface-level dialogue.")
    found = claims_of(annotate, text)
    assert subset(found[-1], {"speaker": "they", "speaker_type": "group", "speaker_canonical": [], "cue": "argue"})


def test_claims_they_is_ambiguous_between_two_groups_in_one_sentence(annotate):
    text = ("Xi Jinping met Vladimir Putin. Xi and Putin said that trade would grow, while Scholz and Macron "
            "said that sanctions would stay. They argued that the talks had been frank.")
    claim = claims_of(annotate, text)[-1]
    assert subset(claim, {"speaker": "They", "speaker_type": "group", "speaker_canonical": []})


def test_claims_he_resolves_to_the_only_person_named_before(annotate):
    claim = only(annotate, "Zelenskyy arrived in Berlin on Monday. The visit was brief. "
                           "“Our air defence needs more launchers,” he said.")
    assert subset(claim, {"speaker": "he", "speaker_type": "person", "speaker_canonical": ["Volodymyr Zelenskyy"]})


def test_claims_he_between_two_people_is_the_clause_subject(annotate):
    claim = only(annotate, "Scholz welcomed Zelenskyy to Berlin on Monday. "
                           "“We will stand with Ukraine for as long as it takes,” he said.")
    assert subset(claim, {"speaker": "he", "speaker_type": "person", "speaker_canonical": ["Olaf Scholz"]})


def test_claims_he_is_ambiguous_between_two_subjects(annotate):
    claim = only(annotate, "Scholz and Zelenskyy met in Berlin on Monday. "
                           "“We will stand together for as long as it takes,” he said.")
    assert subset(claim, {"speaker": "he", "speaker_type": "person", "speaker_canonical": []})


@pytest.mark.parametrize(
    "text, expected",
    [
        # Attribution between subject and predicate: the whole clause, attribution included.
        ("Diplomatic engagement, they argue, must go beyond surface-level dialogue.",
         "Diplomatic engagement, they argue, must go beyond surface-level dialogue"),
        ("The corridor, Aliyev stressed on Wednesday, is open to all partners.",
         "The corridor, Aliyev stressed on Wednesday, is open to all partners"),
        # After a complete clause: that clause.
        ("Europe's gas market is heading for a glut, analysts say, as new terminals come online.",
         "Europe's gas market is heading for a glut"),
        # Opening the clause: the rest.
        ("As Erdoğan noted, the corridor remains vital for Turkish exports.",
         "the corridor remains vital for Turkish exports"),
    ],
)
def test_claims_parenthetical_attribution(annotate, text, expected):
    assert only(annotate, text)["text"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("According to officials, the deal was signed in Ankara.",
         {"text": "the deal was signed in Ankara", "speaker": "officials", "speaker_type": "group"}),
        ("The deal was signed, according to Chinese Foreign Ministry spokesperson Mao Ning.",
         {"text": "The deal was signed", "speaker": "Mao Ning", "speaker_type": "person",
          "speaker_canonical": ["Mao Ning"]}),
        ("The deal, according to Georgian officials, was signed in Tbilisi.",
         {"text": "The deal, according to Georgian officials, was signed in Tbilisi",
          "speaker": "Georgian officials", "speaker_canonical": ["Georgia"]}),
        ("According to the ministry, repairs could take months.",
         {"text": "repairs could take months", "speaker": "the ministry", "speaker_type": "organization",
          "hedged": True}),
    ],
)
def test_claims_according_to(annotate, text, expected):
    claim = only(annotate, text)
    assert claim["cue"] == "according to" and subset(claim, expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will not be intimidated,” Zelenskyy said.",
         [("We will not be intimidated", "Zelenskyy", "say")]),
        ("Scholz said: “Germany will not waver.”", [("Germany will not waver", "Scholz", "say")]),
        ("“Relations are strong,” said Wang Yi.", [("Relations are strong", "Wang Yi", "say")]),
        ('Lukashenko told state media: "We are not afraid of anyone."',
         [("We are not afraid of anyone", "Lukashenko", "tell")]),
        # A quotation split by its attribution: one claim per part.
        ("“The talks went well,” Orbán said, “and we will meet again in Budapest.”",
         [("The talks went well", "Orbán", "say"), ("and we will meet again in Budapest", "Orbán", "say")]),
        # A quotation continued in the next sentence inherits speaker and cue.
        ("“Relations are strong,” Wang Yi said on Monday. “Trade will grow.”",
         [("Relations are strong", "Wang Yi", "say"), ("Trade will grow", "Wang Yi", "say")]),
        # Several sentences inside one quotation are one claim.
        ("“The sanctions are failing. Europe is paying the price,” Orbán said at a rally.",
         [("The sanctions are failing. Europe is paying the price", "Orbán", "say")]),
        ("Putin called the talks “very useful”.", [("very useful", "Putin", "call")]),
    ],
)
def test_claims_direct_quotations(annotate, text, expected):
    found = claims_of(annotate, text)
    assert [(c["text"], c["speaker"], c["cue"]) for c in found] == expected


def test_claims_scare_quotes_and_unattributed_quotes_are_not_claims(annotate):
    assert claims_of(annotate, "The so-called “reset” never happened. “A new era,” read the banner.") == []


def test_claims_quote_then_adding_that(annotate):
    found = claims_of(annotate, "“Relations are strong,” said Wang Yi, adding that trade would grow.")
    assert [(c["text"], c["speaker"], c["cue"], c["hedged"]) for c in found] == [
        ("Relations are strong", "Wang Yi", "say", False),
        ("trade would grow", "Wang Yi", "add", False),
    ]


def test_claims_partial_quotation_inside_a_clause_is_a_clause_claim(annotate):
    found = claims_of(annotate, "Putin said the talks were “very productive” and warned that sanctions might backfire.")
    assert [(c["text"], c["cue"], c["hedged"]) for c in found] == [
        ("the talks were “very productive", "say", False),
        ("sanctions might backfire", "warn", True),
    ]


def test_claims_it_is_widely_believed_is_unattributed(annotate):
    claim = only(annotate, "It is widely believed that the talks in Doha failed.")
    assert subset(claim, {"text": "the talks in Doha failed", "speaker": None, "speaker_type": "unattributed",
                          "speaker_canonical": [], "cue": "believe"})
    claim = only(annotate, "It was noted by analysts that the yuan has gained ground.")
    assert subset(claim, {"text": "the yuan has gained ground", "speaker": "analysts", "speaker_type": "group"})


def test_claims_reported_to_and_reportedly_are_unattributed(annotate):
    found = claims_of(annotate, "Chinese negotiators are reported to have held out for a higher gas price. "
                                "The summit in Astana was reportedly arranged at short notice. "
                                "Putin is expected to travel to Ankara next month.")
    assert [(c["text"], c["speaker"], c["speaker_type"], c["cue"]) for c in found] == [
        ("Chinese negotiators are reported to have held out for a higher gas price", None, "unattributed", "report"),
        ("The summit in Astana was reportedly arranged at short notice", None, "unattributed", "report"),
    ]


@pytest.mark.parametrize("text", [
    "The leaders said goodbye.",
    "He noted the date.",
    "Putin urged partners to speed up deliveries.",
    "Erdoğan warned against any change to the border.",
    "The table below illustrates the proposed areas, highlighting where both countries can synchronize their interests.",
    "These discussions signal a deliberate pivot to deepen bilateral ties.",
    "The meeting underscores that regional cooperation is essential.",
    "The deal could collapse if talks fail.",
])
def test_claims_no_clause_writer_statements_and_unattributed_hedges_are_not_claims(annotate, text):
    assert claims_of(annotate, text) == []


def test_claims_headings_and_table_cells_are_not_claims_but_list_items_are(annotate):
    text = ("Putin Says Sanctions Will Fail\n"
            "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdoğan in Sochi.\n"
            "| Leader | Statement |\n|---|---|\n"
            "| Putin | Putin said that sanctions will fail |\n"
            "| Erdoğan | Erdoğan noted that trade is growing |\n"
            "Key points:\n- Officials said that a new round of talks is planned.\n- Trade volumes grew.\n"
            "Analysts Say Talks Could Resume\n"
            "The talks were frank, Erdoğan said.")
    record = annotate(text)
    assert [(c.text, c.speaker, c.speaker_type) for c in record.claims] == [
        ("a new round of talks is planned", "Officials", "group"),
        ("The talks were frank", "Erdoğan", "person"),
    ]
    kinds = {b.id: b.kind for b in record.blocks}
    assert [kinds[c.block] for c in record.claims] == ["list", "paragraph"]


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("Analysts say the ceasefire could collapse.", True),
        ("Officials say talks may resume in May.", True),
        ("Observers believe the pact might survive.", True),
        ("Experts say the deal is likely to hold.", True),
        ("Diplomats say the offer appears to be final.", True),
        ("Analysts say the visit was a signal that Beijing wants calm.", True),
        ("Analysts suggest that the pipeline is finished.", True),
        ("Analysts argue that Washington would do better to engage.", True),  # present cue: conditional
        ("Lula said that Brazil would not take sides.", False),  # back-shifted "will"
        ("“Brazil would never take sides,” Lula said.", True),  # direct speech
        ("Modi said India can supply more grain.", False),
        ("Scholz said Germany should lead the effort.", False),
        ("Ankara insists that the corridor must remain open.", False),
        ("Officials say the bridge will open in June.", False),
        ("Ministers said the possible purchase was discussed.", False),  # hedge inside a noun phrase
        ("Ministers warned that the budget, which could grow further, is under pressure.", False),
    ],
)
def test_claims_hedged_on_the_main_assertion(annotate, text, hedged):
    assert only(annotate, text)["hedged"] is hedged


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials in Berlin said that deliveries would continue.",
         {"speaker": "Officials in Berlin", "speaker_type": "group", "speaker_canonical": ["Germany"]}),
        ("Georgian officials said that the vote was fair.",
         {"speaker": "Georgian officials", "speaker_type": "group", "speaker_canonical": ["Georgia"]}),
        ("Macron’s aides said the visit had been a success.",
         {"speaker": "Macron’s aides", "speaker_type": "group", "speaker_canonical": ["Emmanuel Macron"]}),
        ("Macron’s office said that the contract was signed.",
         {"speaker": "Macron’s office", "speaker_type": "organization", "speaker_canonical": ["Emmanuel Macron"]}),
        ("One analyst at a Washington think tank said the deal would hold.",
         {"speaker_type": "person", "speaker_canonical": []}),
        ("A statement from the Egyptian presidency said that the leaders had discussed Gaza.",
         {"speaker_type": "country", "speaker_canonical": ["Egypt"]}),
        ("Egypt's petroleum ministry said that gas output had recovered.",
         {"speaker_type": "organization", "speaker_canonical": ["Egypt"]}),
        ("According to official figures, inflation is easing.",
         {"speaker": "official figures", "speaker_type": "unattributed", "speaker_canonical": []}),
    ],
)
def test_claims_unnamed_speakers_typed_by_their_head_noun(annotate, text, expected):
    assert subset(only(annotate, text), expected)


def test_claims_writer_concession_is_cut(annotate):
    claim = only(annotate, "The ministry said that exports rose by a fifth, although no figures were published.")
    assert claim["text"] == "exports rose by a fifth"


def test_claims_offsets_span_group_and_blocks_agree(annotator):
    text = ("Leaders Meet in Astana\n"
            "Kazakh officials said in a statement that the pipeline may be delayed. "
            "According to the ministry, repairs could take months.\n\n"
            "“We are ready,” Tokayev said. Mirziyoyev stressed that water sharing was fair.")
    doc = annotator.nlp(text)
    found = doc._.newsclaims_claims
    assert len(found) == 4
    for claim in found:
        assert doc.text[claim["start"]:claim["end"]] == claim["text"]
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans[SPAN_KEY]] == [
        (c["start"], c["end"], c["speaker_type"]) for c in found
    ]
    assert [c["block"] for c in found] == [1, 1, 2, 2]


def test_claims_sample_article_claims_once_each(annotate):
    record = annotate(SAMPLE.read_text(encoding="utf-8"), doc_id=SAMPLE.name)
    found = [(c.speaker, c.cue, c.speaker_type, c.hedged, c.text[:40]) for c in record.claims]
    assert found == [
        ("Observers", "note", "group", False, "the summit marks a renewed commitment to"),
        ("Observers", "note", "group", True, "this meeting could recalibrate the balan"),
        ("Leading analysts", "emphasize", "group", False, "the path to lasting regional stability l"),
        ("Experts", "point out", "group", True, "increased collaboration in energy, infra"),
        ("they", "argue", "group", False, "Diplomatic engagement, they argue, must "),
    ]
    assert record.claims[-1].text.endswith("sustained, transparent communication frameworks")


def test_claims_dateline_is_never_the_speaker(annotate):
    record = annotate("ACCRA, Ghana (AP) — Gov. Kwame Mensah said the state would build new schools.")
    (claim,) = record.claims
    assert claim.speaker_type == "person" and claim.speaker_canonical == ["Kwame Mensah"]
    assert "ACCRA" not in (claim.speaker or "")


def test_claims_dateline_after_a_sentence_case_headline_is_never_the_speaker(annotate):
    record = annotate(
        "Japan PM Ishiba tells Biden he wants a stronger alliance\n\n"
        "TOKYO (Kyodo) — Shigeru Ishiba, Japan's new prime minister, told Joe Biden on Wednesday "
        "that he aims to reinforce the alliance."
    )
    speakers = [(c.speaker, c.speaker_canonical) for c in record.claims if "reinforce" in c.text]
    assert speakers and all("TOKYO" not in (s or "") and names == ["Shigeru Ishiba"] for s, names in speakers), speakers


def test_claims_a_sentence_case_headline_is_not_a_claim(annotate):
    record = annotate(
        "Kenya ready to send more police to Haiti, says Ruto\n\n"
        "NAIROBI, Kenya (AP) — President William Ruto said on Monday that Kenya would send more officers."
    )
    assert [c.text for c in record.claims] == ["Kenya would send more officers"], record.claims


def test_claims_a_ministry_named_without_its_country_speaks_for_the_dateline_country(annotate):
    record = annotate(
        "Ministry defends border plan\n\n"
        "NAIROBI, Kenya, May 3 (Reuters) — The Foreign Ministry has said that Kenya is ready to reopen "
        "the border with Somalia.\n\n"
        "Rosatom said it wants to build a reactor in the region."
    )
    speakers = {c.speaker: c.speaker_canonical for c in record.claims}
    assert speakers["The Foreign Ministry"] == ["Kenya"], speakers
    assert "Kenya" in {p.actor for p in record.positions}


def test_claims_they_after_the_two_sides_is_both_leaders_even_when_the_guest_is_named_once(annotate):
    record = annotate(
        "President William Ruto held talks with Prime Minister Abiy Ahmed at State House on Monday.\n\n"
        "Ruto said the visit was timely.\n\n"
        "The two sides also went over the situation in Sudan.\n\n"
        "They affirmed that Kenya and Ethiopia back every effort to end the war."
    )
    they = [c for c in record.claims if c.speaker == "They"]
    assert they and set(they[0].speaker_canonical) == {"William Ruto", "Abiy Ahmed"}, record.claims


def test_claims_with_x_remarking_that_clause_misattached_by_the_parser(annotate):
    found = claims_of(annotate, "The two leaders discussed trade between the two nations, with Ruto remarking "
                                "that commerce between them is still even and works to the advantage of both.")
    assert [(c["text"], c["cue"]) for c in found] == [
        ("commerce between them is still even and works to the advantage of both", "remark")]


def test_positions_subject_inside_the_dateline_is_not_an_actor(annotate):
    record = annotate(
        "Milei and Kast agree to meet in Santiago\n\n"
        "BUENOS AIRES — Argentine President Javier Milei and Chilean President José Antonio Kast spoke "
        "by telephone on Monday and agreed to meet in Santiago in May."
    )
    assert "Argentina" not in {p.actor for p in record.positions}, record.positions


def test_claims_definite_role_noun_refers_back_to_the_named_person(annotate):
    record = annotate(
        "Uruguayan President Luis Lacalle Pou arrived in Asunción on Friday.\n\n"
        "The Uruguayan president told reporters that the bloc needed reform.\n\n"
        "The president also said that tariffs were too high."
    )
    speakers = [(c.speaker, c.speaker_canonical) for c in record.claims]
    assert speakers == [("The Uruguayan president", ["Luis Lacalle Pou"]), ("The president", ["Luis Lacalle Pou"])]
    # a role that no named person holds stays unresolved
    record = annotate("Ruto met Landau in Nairobi.\n\nThe minister said talks would resume.")
    assert [c.speaker_canonical for c in record.claims] == [[]]


def test_claims_pronoun_prefers_the_subject_and_looks_a_few_paragraphs_back(annotate):
    record = annotate(
        "President William Ruto on Thursday received Christopher Landau at State House.\n\n"
        "The two discussed trade.\n\n"
        "Security in the region was also raised.\n\n"
        "He said that Kenya valued the partnership."
    )
    assert [c.speaker_canonical for c in record.claims] == [["William Ruto"]]


def test_claims_pronoun_continues_the_earlier_speaker_not_a_person_inside_the_claim(annotate):
    record = annotate(
        "Spokesperson Amina Yusuf briefed reporters in Abuja on Friday.\n\n"
        "Ms Yusuf said Foreign Minister Yusuf Tuggar would chair a conference in London.\n\n"
        "She said the talks with Ghana had been useful."
    )
    assert [c.speaker_canonical for c in record.claims] == [["Amina Yusuf"], ["Amina Yusuf"]]


def test_claims_descriptions_with_as_or_an_object_predicate(annotate):
    found = claims_of(annotate, "Mette Frederiksen described the visit as a working meeting. "
                                "Barack Obama called Turkey a solid partner in the coalition. "
                                "Donald Trump called on Canada to act. Justin Trudeau called for calm.")
    assert [(c["text"], c["speaker_canonical"], c["cue"]) for c in found] == [
        ("a working meeting", ["Mette Frederiksen"], "describe"),
        ("a solid partner in the coalition", ["Barack Obama"], "call")]


def test_claims_real_reporting_cues_joked_conceded_wrote(annotate):
    found = claims_of(annotate, '"We are not afraid of the vote," Tinubu joked. He conceded that prices were high. '
                                "Ruto wrote on social media that the talks had gone well.")
    assert [(c["text"], c["cue"]) for c in found] == [
        ("We are not afraid of the vote", "joke"), ("prices were high", "concede"), ("the talks had gone well", "write")]


def test_claims_a_pronoun_continues_a_role_subject_that_names_its_person(annotate):
    record = annotate(
        "Prime Minister Sanae Takaichi spoke with President Donald Trump by telephone on Saturday.\n\n"
        "The prime minister briefed Trump on the outcome of her meeting with President Lee Jae-myung in Seoul. "
        "She told the U.S. president that Japan would keep up its efforts to calm tensions in the region."
    )
    claim = next(c for c in record.claims if c.text.startswith("Japan would keep up"))
    assert claim.speaker_canonical == ["Sanae Takaichi"], claim


@pytest.mark.parametrize("seat, country", [("the Casa Rosada", "Argentina"), ("Planalto", "Brazil"), ("Akorda", "Kazakhstan")])
def test_claims_a_seat_of_government_speaks_for_its_country(annotate, seat, country):
    record = annotate(f"{seat[0].upper() + seat[1:]} said the two presidents had agreed to meet again in March.")
    claim = record.claims[0]
    assert (claim.speaker_type, claim.speaker_canonical) == ("country", [country]), claim


def test_claims_they_after_two_named_subjects_is_both(annotate):
    record = annotate(
        "President William Ruto and his Rwandan counterpart Paul Kagame spoke to reporters in Kigali on Tuesday.\n\n"
        "They said the two nations had agreed to cooperate."
    )
    claim = next(c for c in record.claims if "agreed to cooperate" in c.text)
    assert claim.speaker == "They" and claim.speaker_canonical == ["William Ruto", "Paul Kagame"], claim


def test_claims_a_quote_after_a_message_posted_on_x_and_a_quote_read_as_a_subject(annotate):
    record = annotate(
        "Prime Minister Narendra Modi met Pham Minh Chinh in Hiroshima.\n\n"
        'Modi wrote in a message posted on X, "India is eager to deepen its ties with Vietnam."\n\n'
        '"Ties at fresh heights. Broad talks between Modi and the PM of Vietnam," the ministry posted on Twitter.'
    )
    speakers = {c.text[:20]: (c.speaker, c.cue) for c in record.claims}
    assert speakers.get("India is eager to de") == ("Modi", "write"), speakers
    assert speakers.get("Ties at fresh height") == ("the ministry", "post"), speakers


def test_claims_a_paragraph_that_is_only_a_quotation_continues_the_last_quoted_speaker(annotate):
    record = annotate(
        "Prime Minister Anthony Albanese met President Joko Widodo in Bali.\n\n"
        '"We are ready to help," Albanese told reporters.\n\n'
        '"Still, defence purchasing is not something we handle at press conferences."\n\n'
        "The leaders then had lunch.\n\n"
        '"It was a good day."'
    )
    speakers = {c.text[:12]: c.speaker for c in record.claims}
    assert speakers.get("Still, defen") == "Albanese", speakers
    assert "It was a go" not in speakers, speakers  # narration came between: nobody said it


def test_claims_a_national_role_speaker_is_the_person_who_holds_it(annotate):
    record = annotate(
        "Polish Prime Minister Donald Tusk met Ukrainian Prime Minister Denys Shmyhal in Kyiv on Monday.\n\n"
        '"It is clearly better," the Polish prime minister said.\n\n'
        '"We are getting ready for the visit," the head of state said of Ukraine\'s president.'
    )
    claim = next(c for c in record.claims if c.text.startswith("It is clearly better"))
    assert (claim.speaker_type, claim.speaker_canonical) == ("person", ["Donald Tusk"]), claim


def test_claims_a_body_without_country_or_dateline_speaks_for_the_leads_first_person(annotate):
    """No dateline: "the presidency" is the one of the country the article's first person is
    from; another article's dateline still wins."""
    record = annotate("Ramaphosa heads to Washington\n\nSouth African President Cyril Ramaphosa leaves for the United "
                      "States on Thursday and will meet President Joe Biden on Friday, the presidency has said.")
    assert [(c.speaker_type, c.speaker_canonical) for c in record.claims] == [("country", ["South Africa"])]
    record = annotate("ISLAMABAD, Sep 08 (NNI): US President Joe Biden will travel to the region in March to discuss "
                      "trade, the Foreign Office has said.")
    assert [c.speaker_canonical for c in record.claims] == [["Pakistan"]]


def test_claims_a_stated_attitude_with_its_content(annotate):
    """"voiced the hope that C", "expressed confidence that C", "gave assurances that C": C
    is the claim (models/claims/cues.json noun_clauses); a hope without a that-clause is none."""
    record = annotate("Foreign Minister Sergey Lavrov arrived in Astana on Monday. Lavrov gave assurances that every "
                      "major question of cooperation would be settled. President Kassym-Jomart Tokayev voiced the hope "
                      "that the visit would bring new agreements. Tokayev also expressed hope for a quick recovery.")
    assert [(c.speaker_canonical, c.cue, c.text) for c in record.claims] == [
        (["Sergey Lavrov"], "assure", "every major question of cooperation would be settled"),
        (["Kassym-Jomart Tokayev"], "voice", "the visit would bring new agreements")]


def test_claims_continued_is_a_reporting_verb_for_quotations_only(annotate):
    record = annotate("French Foreign Minister Jean-Noel Barrot spoke in Paris on Sunday. \"A durable settlement calls "
                      "for a negotiated solution inside the treaty,\" he continued.\n\nThe talks continued on Tuesday. "
                      "Barrot continued to press for a deal.")
    assert [(c.cue, c.speaker_canonical, c.text) for c in record.claims] == [
        ("continue", ["Jean-Noël Barrot"], "A durable settlement calls for a negotiated solution inside the treaty")]


def test_claims_a_title_refers_back_to_a_person_named_with_it_paragraphs_earlier(annotate):
    """The role of "Foreign Minister X" holds for the later "X said" mentions, so "the foreign
    minister said" five paragraphs on still finds X."""
    paragraphs = ["\"The ties are deep,\" Foreign Minister Amina Rahman told a briefing in Dhaka on Monday."]
    paragraphs += [f"The delegation visited site number {n} on the second day of the trip, Rahman said." for n in range(4)]
    paragraphs += ["The two premiers then attended a banquet at the palace, the foreign minister said."]
    record = annotate("\n\n".join(paragraphs))
    assert record.claims[-1].speaker == "the foreign minister"
    assert record.claims[-1].speaker_canonical == ["Amina Rahman"]


def test_claims_two_subjects_the_parser_split_are_one_speaker(annotate):
    record = annotate("Prime Minister Sheikh Hasina and her Indian counterpart Narendra Modi have expressed their wish "
                      "that the relationship between the two neighbours will grow deeper.")
    assert [(c.speaker_type, sorted(c.speaker_canonical)) for c in record.claims] == [
        ("group", ["Narendra Modi", "Sheikh Hasina"])]


def test_claims_a_round_ups_capitals_label_is_no_speaker(annotate):
    """"GERMANY: Stefan Kornelius ... said": the label opening each paragraph of a round-up of
    reactions is like a dateline."""
    record = annotate("Reactions to the strikes\n\nFRANCE: Foreign Minister Jean-Noel Barrot said France had taken note "
                      "of the strikes with concern.\n\nGERMANY: Stefan Kornelius, the government's spokesperson, said the "
                      "cabinet had met on Sunday.")
    assert [(c.speaker, c.speaker_canonical) for c in record.claims] == [
        ("Jean-Noel Barrot", ["Jean-Noël Barrot"]), ("Stefan Kornelius", ["Stefan Kornelius"])]


def test_claims_the_amir_and_hh_the_amir_are_the_emir_named_before(annotate):
    """"the Amir" refers back to a person whose title says "Emir" (another spelling), and
    "HH the Amir" is the same role after an honorific the parser may head the phrase on."""
    found = claims_of(annotate, "Doha: HH Sheikh Tamim bin Hamad Al Thani, the Amir of Qatar, stressed that Qatar "
                                "and Germany want to deepen ties.\n\nTurning to regional matters, HH the Amir noted that "
                                "both sides had affirmed the need for dialogue. The Amir stressed that there can be no "
                                "military solution.")
    assert [(c["speaker"], c["speaker_type"], c["speaker_canonical"]) for c in found[1:]] == [
        ("HH the Amir", "person", ["Tamim bin Hamad Al Thani"]), ("The Amir", "person", ["Tamim bin Hamad Al Thani"])]


def test_claims_informed_someone_that_is_reported_speech(annotate):
    claim = only(annotate, "Canadian Prime Minister Justin Trudeau informed Caricom leaders that his country was "
                           "working to make entry easier for trusted travellers.")
    assert subset(claim, {"speaker": "Justin Trudeau", "cue": "inform",
                          "text": "his country was working to make entry easier for trusted travellers"})


@pytest.mark.parametrize("verb, cue", [("disclosed", "disclose"), ("revealed", "reveal")])
def test_claims_disclosed_and_revealed_are_reporting_verbs(annotate, verb, cue):
    claim = only(annotate, f"Prince Khalid bin Salman {verb} that he had met the delegation in Riyadh.")
    assert subset(claim, {"cue": cue, "text": "he had met the delegation in Riyadh"})


@pytest.mark.parametrize("text, expected", [
    ("For his part, Museveni called the meeting fruitful.", {"speaker": "Museveni", "cue": "call", "text": "fruitful"}),
    ("Rubio described the offer as very generous.", {"speaker": "Rubio", "cue": "describe", "text": "very generous"}),
])
def test_claims_descriptions_after_a_fronted_for_and_adjective_as_complements(annotate, text, expected):
    assert subset(only(annotate, text), expected)
