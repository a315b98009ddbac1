"""Leader positions from comparison tables and stance sentences, on articles written for these tests."""

import pytest


def by_actor(record, method):
    out = {}
    for p in record.positions:
        if p.method == method:
            out.setdefault(p.actor, []).append(p)
    return out


def test_positions_country_columns_table(annotate):
    record = annotate(
        "Shehbaz Sharif and Masoud Pezeshkian met in Tehran on Monday.\n"
        "| Issue | Iran | Pakistan |\n|---|---|---|\n"
        "| Border Security | Joint patrols against militants | More fencing along the frontier |\n"
        "| Gas Pipeline | Finish the line quickly | Seek a sanctions waiver first |"
    )
    table = by_actor(record, "table")
    assert set(table) == {"Iran", "Pakistan"}
    iran = {p.topic: p for p in table["Iran"]}
    assert iran["Border Security"].stance == "Joint patrols against militants"
    assert iran["Border Security"].category == "security" and iran["Gas Pipeline"].category == "energy"
    for p in record.positions:
        assert record.text[p.evidence.start:p.evidence.end] == p.stance


def test_positions_possessive_person_columns(annotate):
    record = annotate(
        "Cyril Ramaphosa met Luiz Inácio Lula da Silva in Johannesburg.\n"
        "| Area | Ramaphosa’s Position | Lula’s Position |\n|---|---|---|\n"
        "| Trade | Lower tariffs on citrus | More ethanol exports |"
    )
    table = by_actor(record, "table")
    assert set(table) == {"Cyril Ramaphosa", "Luiz Inácio Lula da Silva"}
    assert table["Cyril Ramaphosa"][0].stance == "Lower tariffs on citrus"
    assert table["Cyril Ramaphosa"][0].category == "economy"


def test_positions_both_leaders_gives_one_per_leader(annotate):
    record = annotate(
        "Giorgia Meloni met Abdel Fattah el-Sisi in Cairo. Meloni praised Egypt. "
        "Sisi thanked Italy. Both leaders emphasized the importance of curbing irregular migration across the Mediterranean."
    )
    sentence = by_actor(record, "sentence")
    assert {"Giorgia Meloni", "Abdel Fattah el-Sisi"} <= set(sentence)
    stances = {p.stance for p in sentence["Giorgia Meloni"]}
    assert "the importance of curbing irregular migration across the Mediterranean" in stances


def test_positions_call_for_urge_and_pledge(annotate):
    record = annotate(
        "Kenyan President William Ruto called for a ceasefire in Sudan. "
        "He also urged donors to fund refugee camps. "
        "Ruto pledged to deploy more police officers to Haiti."
    )
    stances = [p.stance for p in record.positions if p.actor == "William Ruto"]
    assert "a ceasefire in Sudan" in stances
    assert "deploy more police officers to Haiti" in stances


def test_positions_capital_stands_for_country(annotate):
    record = annotate("Warsaw rejected Kyiv's proposal on grain imports, while Kyiv insisted that the ban breaks EU rules.")
    actors = {p.actor for p in record.positions}
    assert "Poland" in actors and "Ukraine" in actors


def test_positions_unnamed_groups_and_greetings_are_not_positions(annotate):
    record = annotate(
        "Experts support a stronger border regime. Analysts stressed that the deal is fragile. "
        "Xi Jinping welcomed Vladimir Putin at the airport. The leaders agreed on Tuesday."
    )
    assert [p for p in record.positions if p.method == "sentence"] == []


def test_positions_from_reported_speech_by_default_and_can_be_switched_off(annotate):
    from pipeline import load

    text = ("Olaf Scholz met Volodymyr Zelenskyy in Berlin. Scholz thanked Zelenskyy. "
            "Zelenskyy said Ukraine was ready to hold talks on a ceasefire.")
    reported = [p for p in annotate(text).positions if p.method == "reported"]
    assert [(p.actor, p.stance) for p in reported] == [
        ("Volodymyr Zelenskyy", "Ukraine was ready to hold talks on a ceasefire")]
    disabled = load(overrides={"components.newsclaims_positions.from_reported_speech": False}).annotate(text)
    assert not [p for p in disabled.positions if p.method == "reported"]


def test_positions_reported_courtesy_first_person_and_hedges_are_not_positions(annotate):
    record = annotate(
        'Prime Minister Kristersson met President Stubb in Helsinki. '
        '"Today I am celebrating a visit by my closest neighbour," Ulf Kristersson said. '
        '"My guess would be that the talks drag on," Alexander Stubb said. '
        '"We will not lift the sanctions," Kristersson said. '
        'Stubb said Finland wanted a deal on electricity links.'
    )
    reported = {(p.actor, p.stance) for p in record.positions if p.method == "reported"}
    assert reported == {("Ulf Kristersson", "We will not lift the sanctions"),
                        ("Alexander Stubb", "Finland wanted a deal on electricity links")}


def test_positions_reported_stance_of_a_named_person_in_the_content(annotate):
    # unnamed officials report the leader's stance: the leader holds it
    record = annotate("Saudi officials said Mohammed bin Salman opposes any escalation against Iran.")
    assert {(p.actor, p.stance) for p in record.positions if p.method == "reported"} == {
        ("Mohammed bin Salman", "Mohammed bin Salman opposes any escalation against Iran")}


def test_positions_restate_and_encourage_are_stance_verbs(annotate):
    record = annotate("President Barack Obama encouraged Greece to keep up its reforms and restated "
                      "the need for an orderly Brexit.")
    stances = {(p.actor, p.stance) for p in record.positions}
    assert ("Barack Obama", "Greece to keep up its reforms") in stances
    assert ("Barack Obama", "the need for an orderly Brexit") in stances


def test_positions_actor_named_once_then_by_title_or_pronoun(annotate):
    record = annotate(
        "President Barack Obama met German Chancellor Angela Merkel today on the sidelines of the NATO summit. "
        "The President and the Chancellor restated the need for an orderly Brexit. "
        "He also encouraged Germany to raise defence spending."
    )
    stances = {(p.actor, p.stance) for p in record.positions}
    assert ("Barack Obama", "the need for an orderly Brexit") in stances
    assert ("Angela Merkel", "the need for an orderly Brexit") in stances
    assert ("Barack Obama", "Germany to raise defence spending") in stances


def test_positions_title_without_a_matching_person_is_no_actor(annotate):
    record = annotate("Angela Merkel spoke in Berlin. The President urged restraint.")
    assert [p for p in record.positions if p.stance == "restraint"] == []


def test_positions_they_after_a_sentence_naming_two_leaders(annotate):
    record = annotate(
        "President Cyril Ramaphosa held talks with King Mswati III at the royal residence on Friday. "
        "They instructed their ministers to clear congestion at the border posts."
    )
    actors = {p.actor for p in record.positions if p.stance.startswith("their ministers")}
    assert actors == {"Cyril Ramaphosa", "Mswati III of Eswatini"}
    # "they" after protesters names no leaders: no position
    record = annotate("Thousands of farmers marched in Warsaw. They rejected the new quotas.")
    assert record.positions == []


def test_positions_honorific_after_the_first_mention(annotate):
    record = annotate("His Majesty King Abdullah II met President Abdel Fattah el-Sisi in Manama on Thursday. "
                      "His Majesty stressed the importance of a ceasefire in Gaza. The King also called for more aid.")
    assert {(p.actor, p.stance) for p in record.positions} >= {
        ("Abdullah II of Jordan", "the importance of a ceasefire in Gaza"), ("Abdullah II of Jordan", "more aid")}
    assert not [e for e in record.entities if e.text in ("Majesty", "King")]


def test_reported_positions_a_spokesperson_voices_the_country_a_leader_keeps_the_stance(annotate):
    record = annotate(
        "BEIJING, May 4 (Xinhua) -- \u201cChina is ready to deepen cooperation with Kenya,\u201d Mao Ning, "
        "the foreign ministry spokesperson, said at a briefing.\n\n"
        "Kenyan President William Ruto said Kenya wants more Chinese investment in its ports."
    )
    actors = {p.actor for p in record.positions if p.method == "reported"}
    assert "China" in actors, record.positions
    assert "Mao Ning" not in actors
    assert "William Ruto" in actors and "Kenya" not in actors


def test_reported_positions_hopes_is_a_commitment_even_when_lemmatised_badly(annotate):
    record = annotate("Prime Minister Anthony Albanese said Australia hopes to sign a trade deal with India this year.")
    assert [p.actor for p in record.positions if p.method == "reported"] == ["Anthony Albanese"]


def test_reported_positions_the_speakers_own_country_or_government_will_do_something(annotate):
    record = annotate(
        "Kenyan President William Ruto said Kenya would deploy more police officers to Haiti.\n\n"
        "Ruto said the rains would return in March."
    )
    stances = [(p.actor, p.stance) for p in record.positions if p.method == "reported"]
    assert stances == [("William Ruto", "Kenya would deploy more police officers to Haiti")], stances


def test_reported_positions_another_countrys_future_is_not_the_speakers_stance(annotate):
    record = annotate("Kenyan President William Ruto said Ethiopia will hold elections in June.")
    assert [p for p in record.positions if p.method == "reported"] == []


def test_a_countrys_title_refers_to_the_person_who_holds_it(annotate):
    record = annotate(
        "President William Ruto arrived in Addis Ababa on Monday.\n\n"
        "Kenya's president called for a ceasefire in Sudan."
    )
    assert [p.actor for p in record.positions] == ["William Ruto"], record.positions


def test_a_pronoun_continues_the_main_subject_of_the_previous_sentence(annotate):
    record = annotate(
        "Spokesperson Margaret Chen said Foreign Minister David Lammy would chair a conference in London.\n\n"
        "She urged Ghana to reopen the border."
    )
    assert [p.actor for p in record.positions] == ["Margaret Chen"], record.positions


def test_reported_condemnation_by_a_ministry_and_hyphenated_keywords(annotate):
    record = annotate(
        "Kenya's foreign ministry said in a statement on Sunday that it strongly condemns the attack.\n\n"
        "President Cyril Ramaphosa reiterated South Africa's support for a two-state solution."
    )
    found = {p.actor: p.category for p in record.positions}
    assert "Kenya" in found, record.positions
    assert found.get("Cyril Ramaphosa") == "diplomacy", record.positions


def test_reported_they_denounced_belongs_to_them_not_to_the_source(annotate):
    record = annotate(
        "Prime Minister Shigeru Ishiba spoke with President Joe Biden on Wednesday.\n\n"
        "According to the Japanese government, they roundly denounced the missile launch."
    )
    assert "Japan" not in {p.actor for p in record.positions}, record.positions


@pytest.mark.parametrize("text, actors", [
    # a spokesperson reporting two leaders gives them the stance
    ("Lee Jae-myung spoke with Xi Jinping on Monday. Presidential spokesperson Kang Yu-jung said Lee and Xi agreed to "
     "set bilateral relations on a new course.", {"Lee Jae-myung", "Xi Jinping"}),
    # every subject the parser gives the verb holds the stance ("Hasina ... | Narendra Modi")
    ("Prime Minister Sheikh Hasina and her Indian counterpart Narendra Modi have expressed their wish that the "
     "relationship between the two neighbours will grow deeper.", {"Sheikh Hasina", "Narendra Modi"}),
])
def test_positions_the_people_who_hold_a_reported_or_joint_stance(annotate, text, actors):
    assert {p.actor for p in annotate(text).positions} == actors


def test_positions_satisfaction_and_pride_are_courtesy(annotate):
    record = annotate("Shahid Khaqan Abbasi and KP Sharma Oli voiced satisfaction with the way the two countries "
                      "worked together. King Abdullah and Mohammed bin Salman voiced their pride in the relationship.")
    assert not record.positions


def test_positions_reported_intention_and_eagerness_are_stances(annotate):
    record = annotate(
        "President Gustavo Petro met President Daniel Noboa in Quito on Monday.\n\n"
        "Petro indicated that he had no intention of lifting the tariffs on Ecuadorian imports.\n\n"
        "Noboa said Ecuador's desire was a border free of armed groups."
    )
    stances = {(p.actor, p.stance) for p in record.positions}
    assert any(a == "Gustavo Petro" and "no intention of lifting the tariffs" in s for a, s in stances), stances
    assert any(a == "Daniel Noboa" and "desire" in s for a, s in stances), stances


def test_positions_according_to_a_source_the_named_pair_holds_the_pledge(annotate):
    # the parser hangs "Marcos and Carney" on "Castro" as conjuncts: the verb has no subject
    record = annotate(
        "President Ferdinand Marcos Jr. met Prime Minister Mark Carney in Kuala Lumpur on Sunday.\n\n"
        "According to Castro, Marcos and Carney pledged to widen cooperation on trade, investment and energy, "
        "and to keep engaging constructively within ASEAN."
    )
    actors = {p.actor for p in record.positions if "widen cooperation" in p.stance}
    assert actors == {"Ferdinand Marcos Jr.", "Mark Carney"}, [(p.actor, p.stance) for p in record.positions]


def test_positions_an_invitation_or_request_is_a_stance(annotate):
    record = annotate(
        "President Gabriel Boric met President Andrés Manuel López Obrador in Mexico City on Thursday.\n\n"
        "Boric invited his Mexican counterpart to come to Santiago next year."
    )
    assert any(p.actor == "Gabriel Boric" and "come to Santiago" in p.stance for p in record.positions), record.positions


def test_positions_two_leaders_quoted_by_a_spokesperson_are_not_the_spokesperson(annotate):
    # the spokesperson is named as often as the leaders; "the two leaders" in her quote are not her
    record = annotate(
        "President Lula da Silva met President Gustavo Petro in Bogotá on Monday. Lula thanked Petro for the visit.\n\n"
        '"The two leaders agreed to stay in close contact on the Amazon," the spokesperson Laura Sarabia said. '
        "Sarabia added that the talks lasted two hours. Sarabia spoke at the palace."
    )
    actors = {p.actor for p in record.positions if "close contact" in p.stance}
    assert actors == {"Luiz Inácio Lula da Silva", "Gustavo Petro"}, [(p.actor, p.stance) for p in record.positions]


def test_reported_positions_backing_necessity_and_going_to_commit_the_speaker(annotate):
    record = annotate(
        "Prime Minister Anthony Albanese met Prime Minister James Marape in Port Moresby on Monday.\n\n"
        "Albanese said Australia gave its full backing to the regional policing plan.\n\n"
        'Marape said joint patrols were essential for the fisheries.\n\n'
        '"We are going to build the road together," Marape said.\n\n'
        "Albanese said the weather had been kind."
    )
    stances = {(p.actor, p.stance) for p in record.positions}
    assert any(a == "Anthony Albanese" and "full backing" in s for a, s in stances), stances
    assert any(a == "James Marape" and "essential" in s for a, s in stances), stances
    assert any(a == "James Marape" and "going to build the road" in s for a, s in stances), stances
    assert not any("weather" in s for _, s in stances), stances


def test_positions_they_in_a_readout_naming_each_leader_once(annotate):
    record = annotate(
        "President Cyril Ramaphosa received President Bola Tinubu at the Union Buildings on Monday.\n\n"
        "In the course of the meeting the two leaders went over regional matters. They underlined the need "
        "to secure a ceasefire in Sudan.\n\n"
        "Those present included Ronald Lamola and Yusuf Tuggar."
    )
    actors = {p.actor for p in record.positions if "ceasefire in Sudan" in p.stance}
    assert actors == {"Cyril Ramaphosa", "Bola Tinubu"}, [(p.actor, p.stance) for p in record.positions]


def test_positions_a_stance_object_keeps_the_phrase_on_the_verb_after_it(annotate):
    record = annotate(
        "President William Ruto met President Paul Kagame in Kigali on Tuesday.\n\n"
        "Ruto backed Rwanda on matters of peace and security. Kagame stressed unity in Kigali."
    )
    stances = {p.actor: p.stance for p in record.positions}
    assert stances.get("William Ruto") == "Rwanda on matters of peace and security", stances
    assert stances.get("Paul Kagame") == "unity", stances


def test_positions_a_fronted_phrase_is_no_stance_and_a_national_role_reaches_far_back(annotate):
    record = annotate(
        "Turkmenistan's President Serdar Berdimuhamedow held talks with Uzbek President Shavkat Mirziyoyev in "
        "Tashkent on Monday.\n\nThe talks covered trade.\n\nThey covered water.\n\nThey covered gas.\n\n"
        "They covered rail.\n\nOn these matters the two sides agreed to go on backing each other in the UN.\n\n"
        "For his part, the Uzbek leader said Uzbekistan would join in building the gas pipeline."
    )
    stances = {(p.actor, p.stance) for p in record.positions}
    assert ("Shavkat Mirziyoyev", "go on backing each other in the UN") in stances, stances
    assert not any(s == "these matters" for _, s in stances), stances
    assert any(a == "Shavkat Mirziyoyev" and "gas pipeline" in s for a, s in stances), stances


def test_positions_a_participle_clause_has_the_subject_of_its_verb(annotate):
    record = annotate("President Ferdinand Marcos Jr. opened his round of bilaterals with Prime Minister Hun Manet, "
                      "restating the Philippines' backing for a peaceful settlement of the border conflict.")
    assert ("Ferdinand Marcos Jr.", "the Philippines' backing for a peaceful settlement of the border conflict") in {
        (p.actor, p.stance) for p in record.positions}


def test_positions_a_relative_clause_stance_belongs_to_the_person_it_describes(annotate):
    record = annotate("George Simion, a nationalist who opposes military assistance to Ukraine, lost the runoff.")
    assert [(p.actor, p.stance) for p in record.positions] == [("George Simion", "military assistance to Ukraine")]
    # the names inside the clause are not the subject's: unnamed officials, another person
    record = annotate("Scholz's caution has frustrated some officials in Kyiv who want Germany to supply longer-range "
                      "weapons. Salome Zourabichvili, who insists she remains the legitimate president despite the "
                      "inauguration of Mikheil Kavelashvili, addressed the crowd.")
    assert {p.actor for p in record.positions} <= {"Salome Zourabichvili"}, record.positions


def test_reported_positions_he_is_the_speaker_and_a_must_is_a_demand(annotate):
    record = annotate("Prime Minister Shinzo Abe said he is going to raise the denuclearization question in Beijing.\n\n"
                      "President Emmanuel Macron said Iran must honour its obligations under the treaty.\n\n"
                      "President Emmanuel Macron said the weather in Paris was mild.")
    stances = {(p.actor, p.stance) for p in record.positions if p.method == "reported"}
    assert stances == {("Shinzo Abe", "he is going to raise the denuclearization question in Beijing"),
                       ("Emmanuel Macron", "Iran must honour its obligations under the treaty")}, stances


def test_positions_hh_the_amir_is_the_named_amir_and_no_person_of_its_own(annotate):
    record = annotate("DOHA: HH the Amir Sheikh Tamim bin Hamad Al Thani received President Donald Trump on Wednesday. "
                      "HH the Amir underlined the importance of bringing peace to the region.")
    assert ("Tamim bin Hamad Al Thani", "the importance of bringing peace to the region") in {
        (p.actor, p.stance) for p in record.positions}
    assert not [e for e in record.entities if e.text == "Amir"]


@pytest.mark.parametrize("text, stance", [
    ("Barack Obama spoke of his wish to build a partnership with Brazil.", "his wish to build a partnership with Brazil"),
    ("King Abdullah and Crown Prince Mohammed bin Salman pointed to the need to keep up coordination.",
     "the need to keep up coordination"),
])
def test_positions_speak_of_and_point_to_a_stance_noun(annotate, text, stance):
    assert stance in {p.stance for p in annotate(text).positions}


def test_positions_speak_of_something_else_is_no_stance(annotate):
    assert annotate("Barack Obama spoke of the visit and pointed to the map of Brazil.").positions == []


@pytest.mark.parametrize("text, marker, actors", [
    # the headline names the main actors, not the envoy named three times later
    ("Jonathan, Sassou Nguesso urge end to kidnappings\n\n"
     "President Goodluck Jonathan met President Denis Sassou Nguesso in Oyo on Tuesday.\n\n"
     "President Jonathan later received Mrs. Amina Dube, the outgoing envoy of Zambia. Mrs. Dube thanked him. "
     "The President praised Mrs. Dube for her work.\n\n"
     "The two leaders restated their condemnation of the kidnapping of schoolgirls in Chibok.",
     "condemnation", {"Goodluck Jonathan", "Denis Sassou Nguesso"}),
    # in a round of bilaterals, the host and the guest of the meeting just told
    ("Minister Son holds talks on ASEAN sidelines\n\n"
     "PHNOM PENH — Vietnamese Foreign Minister Bui Thanh Son held talks with Australian Foreign Minister "
     "Penny Wong on Friday. Minister Son and Penny Wong agreed to expand trade. Wong thanked Son.\n\n"
     "When he met South Korean Foreign Minister Park Jin, Minister Son agreed that visits should continue. "
     "Both ministers also agreed to work more closely together on maritime security.",
     "maritime security", {"Bui Thanh Son", "Park Jin"}),
    # "In his talks with X, both sides ...": the protagonist and the one guest named
    ("Son meets counterparts at ARF\n\n"
     "PHNOM PENH — Vietnamese Foreign Minister Bui Thanh Son held talks with four counterparts on Friday.\n\n"
     "In his talks with US Secretary of State Antony Blinken, both sides praised the partnership. "
     "The two diplomats agreed to step up exchanges of delegations at every level.",
     "exchanges of delegations", {"Bui Thanh Son", "Antony Blinken"}),
])
def test_positions_who_the_two_leaders_are(annotate, text, marker, actors):
    assert {p.actor for p in annotate(text).positions if marker in p.stance} == actors
