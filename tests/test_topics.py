"""Agenda topics from tables, lists and sentences, on articles written for these tests."""

import pytest

from pipeline.taxonomy import Taxonomy


def topics(record):
    return {t.label: t for t in record.topics}


def test_topics_agenda_table_rows_with_focus_and_outcome(annotate):
    record = annotate(
        "Japan and South Korea Agree on Joint Agenda\n"
        "Prime Minister Shigeru Ishiba hosted President Lee Jae-myung in Tokyo.\n"
        "| Topic | Details | Expected Result |\n|---|---|---|\n"
        "| Semiconductor Supply | Joint export controls | Stable chip supply |\n"
        "| Fisheries | Quota talks | New quota deal |\n"
        "| Student Exchanges | University scholarships | More exchanges |"
    )
    found = topics(record)
    assert set(found) == {"Semiconductor Supply", "Fisheries", "Student Exchanges"}
    assert found["Semiconductor Supply"].focus == "Joint export controls"
    assert found["Semiconductor Supply"].outcome == "Stable chip supply"
    assert found["Semiconductor Supply"].category == "technology"
    assert found["Student Exchanges"].category == "culture"
    assert all(t.method == "table" for t in record.topics)
    for t in record.topics:
        assert record.text[t.evidence.start:t.evidence.end] == t.label


def test_topics_comparison_table_is_not_an_agenda(annotate):
    record = annotate(
        "Sharif and Pezeshkian met in Tehran on Monday.\n"
        "| Issue | Iran | Pakistan |\n|---|---|---|\n"
        "| Border Security | Joint patrols | More fencing |\n"
        "| Gas Pipeline | Finish the line | Seek sanctions waiver |"
    )
    assert [t for t in record.topics if t.method == "table"] == []


def test_topics_list_after_introduction_one_per_item(annotate):
    record = annotate(
        "The leaders discussed:\n"
        "- Expansion of rail freight through the Lobito corridor\n"
        "- Refugee returns to eastern Congo\n"
        "- Renewable energy investment in Zambia\n"
        "Officials did not give details."
    )
    labels = [t.label for t in record.topics if t.method == "list"]
    assert labels == ["Expansion of rail freight", "Refugee returns", "Renewable energy investment"]
    categories = [t.category for t in record.topics if t.method == "list"]
    assert categories == ["economy", "humanitarian", "energy"]


def test_topics_list_without_topic_introduction_is_ignored(annotate):
    record = annotate("Protesters carried signs reading:\n- Free media\n- Fair elections\nPolice watched.")
    assert [t for t in record.topics if t.method == "list"] == []


def test_topics_sentence_coordination_and_examples(annotate):
    record = annotate(
        "The talks centred on trade and energy, officials said. "
        "Discussions also focused on key issues such as water sharing, border demarcation, and the fight against drug trafficking."
    )
    labels = [t.label for t in record.topics]
    assert labels == ["trade", "energy", "water sharing", "border demarcation", "the fight against drug trafficking"]
    cats = {t.label: t.category for t in record.topics}
    assert cats["trade"] == "economy" and cats["energy"] == "energy" and cats["border demarcation"] == "security"


def test_topics_sentence_without_talk_subject_is_ignored(annotate):
    record = annotate("The company focused on profits and growth last year.")
    assert record.topics == []


def test_topics_duplicate_label_reported_once(annotate):
    record = annotate(
        "Key topics addressed included:\n- Energy\n- Trade\n"
        "| Sector | Focus Areas | Expected Outcomes |\n|---|---|---|\n| Energy | Gas storage | Lower prices |"
    )
    energy = [t for t in record.topics if t.label == "Energy"]
    assert len(energy) == 1 and energy[0].focus == "Gas storage" and energy[0].outcome == "Lower prices"


def test_topics_taxonomy_is_data_and_replaceable(tmp_path):
    path = tmp_path / "taxonomy.json"
    path.write_text('{"categories": {"fish": ["salmon", "fishery"], "birds": ["eagle"]}}')
    taxonomy = Taxonomy.from_path(path)
    assert taxonomy.classify_text("salmon fisheries quota") == "fish"
    assert taxonomy.classify_text("eagle") == "birds"
    assert taxonomy.classify_text("tariffs") is None


def _sentence_labels(record):
    return [t.label for t in record.topics if t.method == "sentence"]


def test_topics_transparent_heads_pass_the_list_through(annotate):
    # "how to deepen cooperation in A, B and C" and "ties in sectors such as A and B": the
    # items after the transparent head are the topics, not "cooperation" or "ties".
    record = annotate(
        "President Gustavo Petro hosted Prime Minister Pedro Sánchez in Bogotá. "
        "The delegations looked at how to widen cooperation in fisheries, aviation and tourism."
    )
    assert _sentence_labels(record) == ["fisheries", "aviation", "tourism"]
    record = annotate("The talks would concentrate on strengthening ties in sectors such as steel and fertiliser, officials said.")
    assert _sentence_labels(record) == ["steel", "fertiliser"]


def test_topics_gerund_aim_without_transparent_head_is_not_a_topic(annotate):
    record = annotate("The talks focused on enhancing regional stability and rebuilding trust.")
    assert _sentence_labels(record) == []


def test_topics_agenda_place_and_inverted_copula(annotate):
    record = annotate(
        "Chancellor Friedrich Merz met President Emmanuel Macron in Aachen. "
        "Among the issues on the table were steel tariffs, the war in Ukraine and rail links. "
        "Nuclear policy was high on the agenda."
    )
    assert _sentence_labels(record) == ["steel tariffs", "the war in Ukraine", "rail links", "Nuclear policy"]


def test_topics_discussion_nouns_and_subject_verbs(annotate):
    record = annotate(
        "The two leaders held talks on fishing rights and port fees. "
        "They exchanged views on the situation in Haiti. "
        "The visit is mainly about investment, with a strong focus on lithium and solar power. "
        "Water sharing was expected to come up as well."
    )
    assert set(_sentence_labels(record)) >= {
        "fishing rights", "port fees", "the situation in Haiti", "investment", "lithium", "solar power", "Water sharing"
    }


def test_topics_headline_frame(annotate):
    record = annotate("Ruto-Lula talks to centre on trade, climate\n\nThe two presidents meet on Tuesday in Nairobi.")
    assert _sentence_labels(record)[:2] == ["trade", "climate"]


def test_topics_discussion_noun_outside_a_discussion_frame_is_ignored(annotate):
    record = annotate("The bank published a report with new figures. Critics of the plan focused their anger on prices.")
    assert _sentence_labels(record) == []


def test_topics_generic_head_without_examples_is_kept_whole(annotate):
    # "held discussions on a variety of bilateral matters": no examples to pass through to,
    # so the phrase itself is the topic
    record = annotate("President Hakainde Hichilema and President Lazarus Chakwera held discussions on a range of regional matters.")
    assert _sentence_labels(record) == ["a range of regional matters"]


def test_topics_took_stock_of_and_talked_about(annotate):
    record = annotate("The two presidents took stock of cross-border trade. The two leaders also talked about counter-terrorism efforts.")
    assert _sentence_labels(record) == ["cross-border trade", "counter-terrorism efforts"]


def test_topics_item_joining_two_categories_has_no_category(annotate):
    record = annotate("The leaders discussed:\n- Security and defence\n- Energy\n- Education and health")
    cats = {t.label: t.category for t in record.topics}
    assert cats == {"Security and defence": None, "Energy": "energy", "Education and health": None}


def test_topics_generic_category_loses_a_tie(tmp_path):
    path = tmp_path / "taxonomy.json"
    path.write_text('{"generic": ["ties"], "categories": {"fish": ["salmon"], "ties": ["cooperation"], "birds": ["eagle"]}}')
    taxonomy = Taxonomy.from_path(path)
    assert taxonomy.classify_lemmas(["cooperation", "on", "salmon"], ties_to_none=True) == "fish"
    assert taxonomy.classify_lemmas(["cooperation"], ties_to_none=True) == "ties"
    # two specific categories still tie to None
    assert taxonomy.classify_lemmas(["salmon", "and", "eagle", "cooperation"], ties_to_none=True) is None


def test_topics_weak_keywords_alone_give_no_category(tmp_path):
    path = tmp_path / "taxonomy.json"
    path.write_text('{"generic": ["ties"], "weak": ["cooperation", "bilateral relation"],'
                    ' "categories": {"fish": ["salmon"], "ties": ["cooperation", "bilateral relation", "relation with", "summit"]}}')
    taxonomy = Taxonomy.from_path(path)
    assert taxonomy.classify_lemmas(["close", "cooperation"]) is None
    assert taxonomy.classify_lemmas(["good", "bilateral", "relation"]) is None
    assert taxonomy.classify_lemmas(["cooperation", "at", "the", "summit"]) == "ties"  # beside a keyword that is not weak
    assert taxonomy.classify_lemmas(["cooperation", "on", "salmon"]) == "fish"
    assert taxonomy.classify_lemmas(["relation", "with", "Ruritania"]) == "ties"  # a longer keyword is its own
    assert taxonomy.classify_lemmas(["bilateral", "talk"], ["cooperation"]) is None  # the label's weak hits too


def test_positions_partnership_statement_has_no_category_but_relations_with_a_country_do(annotate):
    record = annotate(
        "President Gitanas Nausėda met Prime Minister Donald Tusk in Vilnius on Friday. "
        "Nausėda stressed the need for closer cooperation between the two countries. "
        "Tusk called for better relations with Belarus once its regime changes."
    )
    cats = {p.stance: p.category for p in record.positions}
    assert any(c is None for s, c in cats.items() if "closer cooperation" in s), cats
    assert any(c == "diplomacy" for s, c in cats.items() if "relations with Belarus" in s), cats


def test_positions_stance_on_relations_is_diplomacy_and_defence_cooperation_is_defense(annotate):
    record = annotate(
        "President Alar Karis met Prime Minister Petteri Orpo in Tallinn on Tuesday. "
        "Karis called for closer defence cooperation between the two navies. "
        "Orpo called for a stable relationship with Latvia."
    )
    cats = {p.stance: p.category for p in record.positions}
    assert any(c == "defense" for s, c in cats.items() if "defence cooperation" in s), cats
    assert any(c == "diplomacy" for s, c in cats.items() if "relationship" in s), cats


def test_topics_as_well_as_splits_items_but_a_place_pair_stays_whole(annotate):
    record = annotate(
        "President Cyril Ramaphosa met President Bola Tinubu in Abuja on Monday. "
        "He said the two sides had discussed regional trade as well as the recent floods in Lagos and Accra."
    )
    labels = _sentence_labels(record)
    assert "regional trade" in labels, labels
    assert "the recent floods in Lagos and Accra" in labels, labels
    assert "Accra" not in labels


def test_topics_coordinated_modifiers_stay_one_item(annotate):
    record = annotate(
        "Prime Minister Kristen Michal met President Alexander Stubb in Tallinn. "
        "The talks focused on bilateral and regional matters, security and defence cooperation, and energy."
    )
    labels = _sentence_labels(record)
    assert "bilateral and regional matters" in labels, labels
    assert "security and defence cooperation" in labels, labels
    assert "bilateral" not in labels and "security" not in labels


def test_topics_repeated_preposition_and_relative_clause(annotate):
    record = annotate(
        "President Gustavo Petro met President Daniel Noboa in Quito. The leaders exchanged views on "
        "border trade and on the fight against cocaine cartels that operate in the region."
    )
    labels = _sentence_labels(record)
    assert "border trade" in labels, labels
    assert "the fight against cocaine cartels" in labels, labels


def test_topics_chained_transparent_heads_and_he_and_x_as_parties(annotate):
    record = annotate(
        "The purpose of the trip is to look for new fields of cooperation in mining, tourism and shipping, "
        "the spokesman said.\n\n"
        "During the visit he and King Letsie III held discussions on water projects."
    )
    labels = _sentence_labels(record)
    assert {"mining", "tourism", "shipping", "water projects"} <= set(labels), labels


def test_topics_purpose_clause_with_coordinated_infinitives_and_no_item_after_a_comma_phrase(annotate):
    record = annotate(
        "\u201cThe purpose of the trip is to build on the warm ties the two nations share and to look for "
        "new fields of cooperation in fisheries, tourism and health,\u201d the spokesman said.\n\n"
        "President Ruto and President Hassan took stock of bilateral cooperation, in talks that showed warm relations."
    )
    labels = _sentence_labels(record)
    assert {"fisheries", "tourism", "health", "bilateral cooperation"} <= set(labels), labels
    assert "in talks" not in labels


def test_topics_serial_comma_list_keeps_pairs_together(annotate):
    record = annotate(
        "President Ruto met President Samia Suluhu Hassan in Dar es Salaam. The talks focused on "
        "roads and railways, fisheries, health and education, and the lake port."
    )
    assert _sentence_labels(record) == ["roads and railways", "fisheries", "health and education", "the lake port"]
    record = annotate(
        "President Ruto met President Samia Suluhu Hassan in Dar es Salaam. The talks focused on "
        "roads, fisheries and health."
    )
    assert _sentence_labels(record) == ["roads", "fisheries", "health"]


def test_taxonomy_keyword_matches_the_word_when_the_lemma_is_odd(annotate):
    record = annotate(
        "President Ruto met President Samia Suluhu Hassan in Arusha. The talks focused on the latest "
        "developments in the Great Lakes region and on bilateral ties in the region."
    )
    cats = {t.label: t.category for t in record.topics}
    assert cats.get("the latest developments in the Great Lakes region") == "diplomacy", cats
    assert "bilateral ties in the region" in cats and "the region" not in cats, cats


def test_topics_a_preposition_after_as_well_as_or_and_is_dropped(annotate):
    record = annotate(
        "President Ruto met President Samia Suluhu Hassan in Arusha. The ministers looked at how to deepen "
        "cooperation in mining, rail and tourism, as well as on regional matters."
    )
    assert _sentence_labels(record) == ["mining", "rail", "tourism", "regional matters"]


def test_topics_relative_clauses_raising_verbs_and_list_markers(annotate):
    """Frames of wire prose: a relative clause on the talks, a discussion verb completing
    "expected to", "due to", a list marker before or after an item, a second "about"."""
    cases = {
        "Lula sat down in Brasília on Monday with Ruto for talks that took in coffee exports, rail links and "
        "visa rules.": {"coffee exports", "rail links", "visa rules"},
        "The two leaders are also expected to cover fertiliser prices and the crisis in Haiti.":
            {"fertiliser prices", "the crisis in Haiti"},
        "The talks covered regional developments, chief among them the war in Sudan.":
            {"regional developments", "the war in Sudan"},
        "The two talked about the Sahel and about Libya in particular.": {"the Sahel", "Libya"},
    }
    for text, expected in cases.items():
        assert set(topics(annotate(text))) == expected, text


def test_topics_stances_negations_and_questions_are_no_agenda(annotate):
    assert not topics(annotate("Nicusor Dan, the mayor of Bucharest, has pledged to tackle corruption."))
    assert not topics(annotate("The two leaders did not take up his wish to revise the base agreement."))
    assert not topics(annotate("Asked whether Ukraine had been discussed, the spokesman declined to comment."))


def test_topics_a_list_inside_the_last_object_of_a_long_item_stays_in_it(annotate):
    record = annotate(
        "President Hakainde Hichilema met President Lazarus Chakwera in Lusaka on Monday. "
        "The two leaders discussed the joint framework for Zambia-Malawi cooperation on investment in mining, forestry and fish farming."
    )
    labels = _sentence_labels(record)
    assert "the joint framework for Zambia-Malawi cooperation on investment in mining, forestry and fish farming" in labels, labels
    assert "forestry" not in labels


def test_topics_a_short_first_item_keeps_its_list(annotate):
    record = annotate(
        "President Hakainde Hichilema met President Lazarus Chakwera in Lusaka on Monday. "
        "The two leaders discussed the war in Sudan, migration and trade."
    )
    labels = _sentence_labels(record)
    assert {"the war in Sudan", "migration", "trade"} <= set(labels), labels


def test_topics_ideas_traded_on_a_subject(annotate):
    record = annotate(
        "President Hakainde Hichilema met President Lazarus Chakwera in Lusaka on Monday. "
        "The two presidents traded ideas on the floods in the Zambezi valley."
    )
    assert "the floods in the Zambezi valley" in _sentence_labels(record)


def test_topics_attention_centres_on_areas_among_them_a_list(annotate):
    record = annotate(
        "President Tokayev is to travel to Bishkek for a state visit next week.\n\n"
        "Attention will centre on the outlook for joint work in the principal areas, among them growth in mutual trade, "
        "the building of new roads and joint water projects."
    )
    labels = _sentence_labels(record)
    assert {"growth in mutual trade", "the building of new roads", "joint water projects"} <= set(labels), labels
    assert not any(label.startswith(("them", "the outlook")) for label in labels), labels  # the head of the examples is none


def test_topics_examples_of_a_generic_subject_at_the_end_of_the_clause(annotate):
    record = annotate(
        "President William Ruto will meet President Luiz Inácio Lula da Silva in Brasília on Friday.\n\n"
        '"Regional and global questions will be on the table for the two leaders, among them coffee exports, '
        'rail links and climate finance," the presidency said.'
    )
    labels = _sentence_labels(record)
    assert {"coffee exports", "rail links", "climate finance"} <= set(labels), labels
    assert not any("questions" in label for label in labels), labels


def test_positions_stance_on_another_state_with_no_subject_is_diplomacy(annotate):
    record = annotate(
        "President Javier Milei met President Santiago Peña in Buenos Aires on Monday. "
        "Milei pledged Argentina's full backing for Paraguay as it takes over the chair of the bloc. "
        "Milei pledged that Argentina would keep its promises to its own people. "
        "Milei also stressed the need for closer ties between the two governments."
    )
    cats = {p.stance: p.category for p in record.positions}
    assert any(c == "diplomacy" for s, c in cats.items() if "backing for Paraguay" in s), cats
    # the actor's own country is no other state; ties alone are a partnership statement
    assert all(c is None for s, c in cats.items() if "its own people" in s or "closer ties" in s), cats


def test_topics_security_council_reform_is_diplomacy_not_security(tmp_path):
    taxonomy = Taxonomy.from_path(None)
    assert taxonomy.classify_lemmas("reform of the united nations security council".split()) == "diplomacy"
    assert taxonomy.classify_lemmas("regional and international question".split()) == "diplomacy"
    assert taxonomy.classify_lemmas("border security".split()) == "security"


def test_topics_a_day_after_talks_on_is_no_topic(annotate):
    record = annotate("Prime Minister Narendra Modi held talks on Saturday with Pham Minh Chinh, his counterpart "
                      "from Vietnam, in which the two discussed trade.")
    labels = {t.label for t in record.topics}
    assert not any("Saturday" in l or "counterpart" in l for l in labels), labels
    assert "trade" in labels, labels


def test_topics_ranked_among_the_issues_and_put_at_the_centre_of_talks(annotate):
    record = annotate(
        "President Gustavo Petro met President Claudia Sheinbaum in Mexico City on Monday.\n\n"
        "Regional integration ranked among the main issues under discussion. "
        "The two put migration, history and regional unity at the centre of their talks. "
        "The rain put the parade at the centre of attention. The minister ranked among the richest men."
    )
    labels = {t.label for t in record.topics}
    assert {"Regional integration", "migration", "history", "regional unity"} <= labels, labels
    assert not labels & {"the parade", "The minister"}, labels


def test_topics_and_before_a_repeated_preposition_opens_an_item(annotate):
    record = annotate("Prime Minister Narendra Modi met Pham Minh Chinh in Hiroshima on Saturday.\n\n"
                      "The leaders took up cooperation in trade and investment, in defence and energy, in science and "
                      "technology and in human resource development, and in culture.")
    labels = {t.label for t in record.topics}
    assert {"science and technology", "human resource development", "trade and investment"} <= labels, labels


def test_topics_migration_is_security_and_regional_integration_is_diplomacy():
    taxonomy = Taxonomy.from_path(None)
    assert taxonomy.classify_lemmas(["migration"]) == "security"
    assert taxonomy.classify_lemmas(["refugee"]) == "humanitarian"
    assert taxonomy.classify_lemmas("regional integration".split()) == "diplomacy"
    assert taxonomy.classify_lemmas("economic integration".split()) == "economy"


def test_topics_a_colon_after_an_agenda_noun_opens_the_list(annotate):
    record = annotate("President Gustavo Petro met President Claudia Sheinbaum in Mexico City on Monday. Three "
                      "particular subjects took up most of the agenda: the challenges of migration, the alliance on "
                      "matters of history, and the advance of regional unity. The delegation left at 10:30 and the "
                      "minister said: we are ready for the vote.")
    assert [t.label for t in record.topics] == [
        "the challenges of migration", "the alliance on matters of history", "the advance of regional unity"]
    assert {t.evidence.rule for t in record.topics} == {"sentence_colon_list.v1"}


def test_topics_discussion_points_included(annotate):
    record = annotate("Albanese met Rabuka in Nadi. Discussion points also included the environment and climate change.")
    assert [t.label for t in record.topics] == ["the environment", "climate change"]


@pytest.mark.parametrize("text, expected", [
    # a fronted participle shares the main clause's subject; its list ends with the clause
    ("Raising regional matters of shared concern, the two sides voiced deep concern about the tensions.",
     ["regional matters of shared concern"]),
    # "working together on" passes its list through, like "cooperation in"
    ("The two leaders talked about working together on infrastructure, semiconductors and green energy.",
     ["infrastructure", "semiconductors", "green energy"]),
    # "on the schedule", like "on the agenda"
    ("Community governance and border issues were also on the leaders' schedule for discussion.",
     ["Community governance", "border issues"]),
    # the object of a fronted participle is not a topic when it is the talks themselves
    ("Addressing a joint press conference in Accra, the two presidents lamented the war.", []),
])
def test_topics_participles_transparent_verbs_and_schedules(annotate, text, expected):
    assert [t.label for t in annotate(text).topics] == expected
