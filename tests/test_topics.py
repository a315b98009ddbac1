"""Agenda topics from tables, lists and sentences, on articles written for these tests."""

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
