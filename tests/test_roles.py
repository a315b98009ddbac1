"""Roles from apposition and regional bodies by their acronyms (issue #9, items 2-3).

"Rwanda's foreign minister, X", "X, the AU commission chairperson", "the chairperson of
the African Union Commission, X" give a role (and a country where the words name one);
"AU", "SADC", "IGAD", "CARICOM" link to their organisations. Articles written here.
"""

import pytest


def _actor(record, name):
    return next(a for a in record.actors if a.canonical == name)


@pytest.mark.parametrize("text, person, role, country", [
    ("Rwanda's foreign minister, Olivier Nduhungirehe, met Congolese officials in Doha on Tuesday.",
     "Olivier Nduhungirehe", "Foreign Minister", "Rwanda"),
    ("Kwesi Mensah Boateng, the AU commission chairperson, said the bloc would send observers to Juba.",
     "Kwesi Mensah Boateng", "AU commission chairperson", None),
    ("The chairperson of the African Union Commission, Ibrahim Saleh Adoum, arrived in Khartoum on Sunday.",
     "Ibrahim Saleh Adoum", "chairperson of the African Union Commission", None),
    ("Talks were led by Thuli Dladla, Eswatini's foreign minister, and lasted three hours.",
     "Thuli Dladla", "Eswatini's foreign minister", "Eswatini"),
    # the head of a title is the word before its first "for" / "of" / "to" / "on"
    ("Budi Gunawan, Indonesia's Coordinating Minister for Political and Security Affairs, landed in Dili.",
     "Budi Gunawan", "Indonesia's Coordinating Minister for Political and Security Affairs", "Indonesia"),
    # a form of address between the office and the name is not the role
    ("The ties are deep, Foreign Minister Dr Amina Rahman told reporters in Dhaka on Monday.",
     "Amina Rahman", "Foreign Minister", None),
    # A person the gazetteer knows keeps the gazetteer's role (the names above are invented so the
    # apposition gives it).
    ("Talks were led by Badr Abdelatty, Egypt's foreign minister, and lasted three hours.",
     "Badr Abdelatty", "Foreign Minister of Egypt", "Egypt"),
    ("The delegation was received by Amina Mohamed, the Kenyan trade minister.",
     "Amina Mohamed", "Kenyan trade minister", "Kenya"),
])
def test_roles_from_apposition(annotate, text, person, role, country):
    actor = _actor(annotate(text), person)
    assert actor.label == "PERSON"
    assert actor.role == role
    assert actor.country == country


@pytest.mark.parametrize("text, person", [
    ("Officials met Ahmed Hassan, the minister said on Friday.", "Ahmed Hassan"),  # no closed apposition
    ("We spoke to the minister, Joseph Kamau said in Nairobi.", "Joseph Kamau"),  # the name is the next clause's subject
    ("Joseph Kamau, a farmer from Nyeri, said prices had doubled.", "Joseph Kamau"),  # no title word
])
def test_no_role_without_a_closed_appositive_title(annotate, text, person):
    record = annotate(text)
    actor = next((a for a in record.actors if a.canonical == person), None)
    assert actor is None or actor.role is None


@pytest.mark.parametrize("text, surface, canonical", [
    ("The AU suspended Gabon after the coup, and AU envoys flew to Libreville.", "AU", "African Union"),
    ("SADC leaders gathered in Harare for an extraordinary summit.", "SADC", "Southern African Development Community"),
    ("IGAD mediators proposed a ceasefire in Sudan.", "IGAD", "Intergovernmental Authority on Development"),
    ("CARICOM heads of government met in Georgetown to discuss Haiti.", "CARICOM", "Caribbean Community"),
    ("Mercosur and the European Union signed the trade pact in Montevideo.", "Mercosur", "Mercosur"),
])
def test_regional_bodies_by_acronym(annotate, text, surface, canonical):
    record = annotate(text)
    entity = next(e for e in record.entities if e.text == surface)
    assert entity.label == "ORG" and entity.canonical == canonical


def test_au_is_not_read_inside_other_words(annotate):
    record = annotate("Prices at the Au Bon Pain cafe in Accra rose, said the manager, Kofi Mensah.")
    assert not any(e.canonical == "African Union" for e in record.entities)


@pytest.mark.parametrize("text, name", [
    ("The statement, by the High Commissioner of Bangladesh Syed Muazzem Ali, came a day after the prime minister's trip.",
     "Syed Muazzem Ali"),
    ("Kenya's ambassador to the United Nations Martin Kimani said the council had failed.", "Martin Kimani"),
    ("A letter from the Secretary General of the Pacific Islands Forum Baron Waqa reached Canberra on Friday.", "Baron Waqa"),
])
def test_names_the_model_misses_after_a_title_are_people(annotate, text, name):
    record = annotate(text)
    assert (name, "PERSON") in [(e.text, e.label) for e in record.entities]


@pytest.mark.parametrize("text", [
    "The ambassador Monday said talks would resume.",  # one capitalised word: no name
    "The minister of Health Services Delivery Unit said nothing.",  # 'of' + no entity of the office
    "## Talks With The Minister Of State Affairs\n\nThe meeting was short.",  # a heading is title case
])
def test_no_person_from_title_case_words_that_are_not_a_name(annotate, text):
    record = annotate(text)
    assert not [e for e in record.entities if e.label == "PERSON"], record.entities


def test_the_title_later_refers_to_the_person_titled_with_a_form_of_address(annotate):
    record = annotate("\"The ties are deep,\" Foreign Minister Dr Amina Rahman told a briefing in Dhaka on Monday.\n\n"
                      "The two premiers then attended a banquet at the palace, the foreign minister said.")
    assert [c.speaker_canonical for c in record.claims] == [["Amina Rahman"], ["Amina Rahman"]]


def test_roles_a_form_of_address_gives_way_to_the_apposition(annotate):
    record = annotate("President Jonathan received Mrs. Amina Dube, the outgoing envoy of Zambia, at the villa.")
    assert "envoy of Zambia" in (_actor(record, "Amina Dube").role or "")
