"""Leader positions: who holds which stance on which topic (factory ``newsclaims_positions``).

Two extraction families:

- ``table_positions``: a comparison table whose column headers name actors ("Focus Area |
  Erdoğan’s Approach | Putin’s Approach", "Issue | Iran | Pakistan") gives one position per
  actor per row: the row's first cell is the topic, the actor's cell the stance.
- ``reported_positions`` (``from_reported_speech``, on by default): a claim by a named
  person or country whose content commits the speaker ("said Turkey was ready to ...",
  "We will not waver"); courtesy ("it was an honour"), hedged claims and assessments are
  not positions. The first held-out gold kept reported speech to claims; the real-news
  gold (data/gold/realnews) counts it, as data/gold/README.md says.
- ``sentence_positions``: a linked actor (a person, a country or a capital or institution
  standing for it, or "both leaders") as the subject of a stance verb ("emphasized",
  "calls for", "pledged to", "rejects") gives one position per actor, the verb's
  complement being the stance. Unnamed groups ("experts say") are claims, not positions.

Results: ``doc._.newsclaims_positions`` (plain dicts of :class:`pipeline.schema.Position`)
and the span group ``doc.spans["newsclaims_positions"]`` (the stance spans).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import (
    COUNTRY,
    GROUP,
    PERSON,
    ActorLexicon,
    ActorRef,
    entities_in,
    evidence,
    evidence_spans,
    participle_clause,
    resolve_phrase,
    subtree_span,
)
from .doccache import ENTS_FINAL, clause_roots, doc_ents, doc_memo, doc_text, tokens_with_lemma, tokens_within
from .gazetteer import Gazetteer
from .paths import read_json
from .setting import find_dateline
from .taxonomy import Taxonomy
from .topics import actor_columns

SPAN_KEY = "newsclaims_positions"
_EMPTY_CELLS = frozenset({"", "-", "–", "—", "n/a", "na", "none", "tbd", "?"})


@dataclass(frozen=True)
class PositionCues:
    stance_verbs: frozenset[str]
    verb_preps: dict[str, frozenset[str]]
    skip_objects: frozenset[str]
    prep_only: frozenset[str]
    commitment_markers: frozenset[str]
    first_person: frozenset[str]
    reported_verbs: frozenset[str]
    commitment_modals: frozenset[str] = frozenset()
    courtesy_lemmas: frozenset[str] = frozenset()
    voice_roles: frozenset[str] = frozenset()
    reported_modals: frozenset[str] = frozenset()
    own_side_nouns: frozenset[str] = frozenset()
    demand_modals: frozenset[str] = frozenset()
    speaker_pronouns: frozenset[str] = frozenset()
    courtesy_nouns_only: frozenset[str] = frozenset()
    noun_gated_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    stance_nouns: frozenset[str] = frozenset()
    trigger_lemmas: frozenset[str] = frozenset()  # stance verbs and noun-gated verbs, built once


@lru_cache(maxsize=None)
def load_cues(path: str | None = None) -> PositionCues:
    data = read_json(path, "positions", "cues.json")
    noun_gated = {verb: frozenset(preps) for verb, preps in data.get("noun_gated_preps", {}).items() if verb != "about"}
    return PositionCues(
        stance_verbs=frozenset(data["stance_verbs"]),
        verb_preps={verb: frozenset(preps) for verb, preps in data["verb_preps"].items()},
        skip_objects=frozenset(data["skip_objects"]),
        prep_only=frozenset(data.get("prep_only", [])),
        commitment_markers=frozenset(data.get("commitment_markers", [])),
        first_person=frozenset(data.get("first_person", [])),
        reported_verbs=frozenset(data.get("reported_verbs", [])),
        commitment_modals=frozenset(data.get("commitment_modals", [])),
        courtesy_lemmas=frozenset(data.get("courtesy_lemmas", [])),
        voice_roles=frozenset(w.lower() for w in data.get("voice_roles", {}).get("words", [])),
        reported_modals=frozenset(data.get("reported_modals", [])),
        own_side_nouns=frozenset(data.get("own_side_nouns", [])),
        demand_modals=frozenset(data.get("demand_modals", [])),
        speaker_pronouns=frozenset(data.get("speaker_pronouns", [])),
        courtesy_nouns_only=frozenset(data.get("courtesy_nouns_only", [])),
        noun_gated_preps=noun_gated,
        stance_nouns=frozenset(data.get("stance_nouns", [])),
        trigger_lemmas=frozenset(data["stance_verbs"]) | frozenset(noun_gated),
    )


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_positions"):
        Doc.set_extension("newsclaims_positions", default=None)


def _position(actor: str, kb_id: str | None, topic: str | None, category: str | None, stance: str, method: str, ev: dict) -> dict:
    return {"actor": actor, "actor_kb_id": kb_id, "topic": topic, "category": category,
            "stance": stance, "method": method, "evidence": ev}


def _column_actor(doc: Doc, ents: list[Span]) -> tuple[str, str | None]:
    """The actor a column header names: a person, a country, or a demonym's country."""
    for label in ("PERSON", "COUNTRY", "NORP"):
        for ent in ents:
            if ent.label_ != label:
                continue
            if label == "NORP":
                return ent._.newsclaims_country or ent.text, None
            return ent._.newsclaims_canonical or ent.text, ent.kb_id_ or None
    ent = ents[0]
    return ent._.newsclaims_canonical or ent.text, ent.kb_id_ or None


def table_positions(doc: Doc, block: dict, taxonomy: Taxonomy, text: str | None = None) -> list[dict]:
    columns = actor_columns(doc, block)
    if not columns:
        return []
    text = doc_text(doc) if text is None else text
    positions = []
    for row in block.get("cell_offsets") or []:
        topic_start, topic_end = row[0]
        topic = text[topic_start:topic_end] or None
        topic_span = doc.char_span(topic_start, topic_end, alignment_mode="expand") if topic else None
        row_span = doc.char_span(topic_start, row[-1][1], alignment_mode="expand")
        # One category per row, so every actor's stance on "Energy" is filed under energy.
        category = taxonomy.classify(row_span, topic_span) if row_span is not None else None
        for col, ents in sorted(columns.items()):
            if col >= len(row):
                continue
            start, end = row[col]
            stance = text[start:end]
            if stance.strip().lower() in _EMPTY_CELLS:
                continue
            actor, kb_id = _column_actor(doc, ents)
            positions.append(_position(actor, kb_id, topic, category, stance, "table",
                                       evidence(doc, start, end, "comparison_table.v1")))
    return positions


def _subject(verb: Token) -> Token | None:
    """The verb's subject, also through "X has pledged to ..." chains (xcomp heads) and
    coordinated verbs ("X welcomed A and called for B"), the parser's coordination under a
    complement included ("encouraged Greece to keep up reforms and restated ...")."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return _antecedent(subjects[0], token)
        if token.head != token and (token.dep_ in ("xcomp", "conj") or participle_clause(token)):
            token = token.head
        else:
            return _subject_after_source(token)
    return None


def _subject_phrase(subject: Token) -> Span:
    """The subject's words; all the subjects when the parser gives the verb several ("Hasina
    and her Indian counterpart Narendra Modi have expressed": "Hasina" and "Modi")."""
    subjects = [c for c in subject.head.children if c.dep_ == subject.dep_ and c.i < subject.head.i]
    if len(subjects) < 2 or subject.dep_ not in ("nsubj", "nsubjpass"):
        return _before_relative_clause(subtree_span(subject))
    return subject.doc[min(s.left_edge.i for s in subjects) : max(s.right_edge.i for s in subjects) + 1]


def _before_relative_clause(phrase: Span) -> Span:
    """The noun phrase without its relative clause, whose names are not the subject's:
    "Zourabichvili, who insists ... despite the inauguration of Kavelashvili"."""
    cut = min((t.left_edge.i for t in phrase if t.dep_ == "relcl"), default=phrase.end)
    while cut > phrase.start + 1 and phrase.doc[cut - 1].is_punct:
        cut -= 1
    return phrase.doc[phrase.start : max(cut, phrase.start + 1)]



def _antecedent(subject: Token, verb: Token) -> Token:
    """"George Simion, a nationalist who opposes ...": the relative pronoun stands for the
    name the clause describes (through an apposition); a common noun is no named actor."""
    if verb.dep_ != "relcl" or subject.tag_ not in ("WP", "WDT") or subject.lower_ not in ("who", "that", "which"):
        return subject
    noun = verb.head
    noun = noun.head if noun.dep_ == "appos" else noun
    return noun if noun.pos_ == "PROPN" else subject  # "officials in Kyiv who want ...": no named actor


def _subject_after_source(verb: Token) -> Token | None:
    """"According to Castro, Marcos and Carney pledged ...": the parser hangs the subject
    on the source as its conjunct; the first name after the comma is the subject."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lemma_.lower() == "accord" and prep.i < verb.i:
            for source in prep.subtree:
                if source.dep_ == "pobj":
                    after = [c for c in source.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"
                             and c.i > source.i and source.doc[c.i - 1].text == ","]
                    if after:
                        return after[0]
    return None


def stance_span(verb: Token, cues: PositionCues) -> Span | None:
    """The complement that states the stance: a clause ("stressed that ..."), an object
    ("rejected the proposal"), a prepositional object ("called for a ceasefire"), or an
    infinitive ("pledged to deepen ties"; "urged partners to speed up deliveries" keeps
    the object). Dates are never stances ("agreed on Tuesday")."""
    lemma = verb.lemma_.lower()
    children = [c for c in verb.children if not _is_time(c)]
    if lemma not in cues.stance_verbs:
        return _stance_noun_object(verb, cues)
    if lemma not in cues.prep_only:
        for child in children:
            if child.dep_ == "ccomp":
                span = subtree_span(child)
                marks = [t for t in span if t.dep_ == "mark" and t.head == child and t.i == span.start]
                return span[1:] if marks else span
        objects = [c for c in children if c.dep_ == "dobj" and c.lower_ not in cues.skip_objects]
        xcomps = [c for c in children if c.dep_ == "xcomp"]
        if objects and xcomps and xcomps[0].i > objects[0].i:
            return verb.doc[subtree_span(objects[0]).start : subtree_span(xcomps[0]).end]
        if objects:
            return _with_object_phrases(verb, subtree_span(objects[0]), children)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in cues.verb_preps.get(lemma, ()) and child.i > verb.i:
            # not a fronted frame: "On these matters the two sides agreed to ..."
            objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp") and not _is_time(o)]
            if objects:
                return subtree_span(objects[0])
    if lemma in cues.prep_only:
        return None
    for child in children:
        if child.dep_ == "xcomp":
            span = subtree_span(child)
            return span[1:] if span[0].lower_ == "to" and len(span) > 1 else span
    return None


def _stance_noun_object(verb: Token, cues: PositionCues) -> Span | None:
    """"spoke of his wish to build a partnership", "pointed to the need to ...": a verb of
    ``noun_gated_preps`` states a stance only when its preposition's object is a stance
    noun (``stance_nouns``); "spoke of the visit" is none."""
    preps = cues.noun_gated_preps.get(verb.lemma_.lower(), frozenset())
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in cues.stance_nouns:
                    return subtree_span(obj)
    return None


_OBJECT_PHRASE_PREPOSITIONS = frozenset(("on", "for", "against", "over", "in"))


def _with_object_phrases(verb: Token, obj: Span, children: list[Token]) -> Span:
    """The object and the phrases the parser hangs on the verb right after it: "support
    the region on matters of peace and security" (not a place: "stressed X in Brussels")."""
    end = obj.end
    for child in sorted(children, key=lambda c: c.i):
        if child.i != end or child.dep_ != "prep" or child.lower_ not in _OBJECT_PHRASE_PREPOSITIONS:
            continue
        if any(t.ent_type_ in ("PLACE", "COUNTRY", "GPE", "LOC", "FAC", "DATE", "TIME") for t in child.subtree):
            break
        end = subtree_span(child).end
    return verb.doc[obj.start:end]


def _is_time(token: Token) -> bool:
    """A date or time phrase ("on Tuesday", "this week"), by entity type."""
    return token.ent_type_ in ("DATE", "TIME") or any(
        c.ent_type_ in ("DATE", "TIME") and c.dep_ == "pobj" for c in token.children
    )


def _before_next_stance(stance: Span, verb: Token, cues: PositionCues) -> Span:
    """Cut a stance before a coordinated stance verb, which is a position of its own
    ("encouraged Greece to keep up reforms and restated the need for ...")."""
    for tok in stance:
        if tok.i > stance.start and tok.pos_ == "VERB" and tok.dep_ == "conj" and tok.lemma_.lower() in cues.stance_verbs:
            end = tok.i
            while end > stance.start + 1 and (stance.doc[end - 1].dep_ == "cc" or stance.doc[end - 1].is_punct):
                end -= 1
            return stance.doc[stance.start : end]
    return stance


def _reporters_of(doc: Doc, token: Token) -> frozenset[str]:
    """The people who speak the claims that quote ``token`` ("the two leaders agreed ...",
    Kang said). An office speaking for its leader ("Carney's office said") is no such
    person."""
    claims = (doc._.newsclaims_claims if Doc.has_extension("newsclaims_claims") else None) or ()
    return frozenset(name for c in claims if c["start"] <= token.idx < c["end"] and c.get("speaker_type") == "person"
                     for name in c.get("speaker_canonical") or ())


def _trim(span: Span) -> Span:
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def sentence_positions(doc: Doc, sent: Span, cues: PositionCues, lexicon: ActorLexicon, taxonomy: Taxonomy,
                       verbs: Iterable[Token] | None = None, dateline_end: int = 0) -> list[dict]:
    """Stances of named actors in one sentence. ``verbs``: the sentence's tokens whose
    lemma is a stance verb (default: every token is tested). A subject inside the
    dateline (before ``dateline_end``) is the parser gluing "BUENOS AIRES —" to the
    clause, not an actor."""
    positions = []
    for verb in sent if verbs is None else verbs:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in cues.trigger_lemmas:
            continue
        if verb.lemma_.lower() not in cues.stance_verbs and _stance_noun_object(verb, cues) is None:
            continue  # "spoke of the visit": no stance noun, no need to resolve the speaker
        subject = _subject(verb)
        if subject is None or subject.idx < dateline_end:
            continue
        actor = resolve_phrase(doc, _subject_phrase(subject), lexicon, _reporters_of(doc, verb))
        if not _named(actor):
            continue
        stance = stance_span(verb, cues)
        if stance is None:
            continue
        stance = _trim(_before_next_stance(stance, verb, cues))
        if _is_just_a_name(stance) or _courtesy(stance, cues):
            continue  # "Xi welcomed Vladimir Putin", "expressed their appreciation": no stance
        category = taxonomy.classify(stance, ties_to_none=True, own_countries=countries_of(doc, actor.canonicals))
        ev = evidence(doc, stance.start_char, stance.end_char, f"stance_verb.{verb.lemma_.lower()}.v1")
        for name, kb_id in zip(actor.canonicals, actor.kb_ids):
            positions.append(_position(name, kb_id, None, category, stance.text, "sentence", dict(ev)))
    return positions


def reported_positions(doc: Doc, cues: PositionCues, taxonomy: Taxonomy, gazetteer,
                       lexicon: ActorLexicon | None = None) -> list[dict]:
    """Claims by a named person or country that commit or position the speaker: "Erdoğan
    said Turkey was ready to normalise relations", “We will not waver,” Scholz said.
    Reads ``doc._.newsclaims_claims``, so ``newsclaims_claims`` must run first."""
    claims = (doc._.newsclaims_claims if Doc.has_extension("newsclaims_claims") else None) or []
    positions = []
    for claim in claims:
        if (claim.get("cue") or "").lower() not in cues.reported_verbs:
            continue
        span = doc.char_span(claim["start"], claim["end"], alignment_mode="expand")
        if span is None or claim.get("hedged") or not _commits(span, cues, _own_countries(doc, claim)) or _courtesy(span, cues):
            continue
        if claim["speaker_type"] != "group" and _stance_of_its_own(span, cues):
            continue  # "according to the government, they denounced X": the stance verb's subject holds it
        holders = (_content_holder(span) or _content_group(doc, span, lexicon)
                   or (_voiced_country(span) if _speaks_for_government(doc, claim, cues) else []))
        holders = holders or (
            claim["speaker_canonical"] if claim["speaker_type"] in ("person", "country", "group")
            or _speaks_for_countries(claim, gazetteer, cues) else [])
        if not holders:
            continue
        category = taxonomy.classify(span, ties_to_none=True, own_countries=countries_of(doc, holders) | _own_countries(doc, claim))
        ev = evidence(doc, claim["start"], claim["end"], "reported_commitment.v1")
        for name in holders:
            entry = gazetteer.lookup(name)
            kb_id = entry[0].id if entry else None
            positions.append(_position(name, kb_id, None, category, claim["text"], "reported", dict(ev)))
    return positions


def _clause_subject_entity(span: Span, label: str) -> Span | None:
    """The entity of ``label`` that is the subject of the claim's main clause."""
    for root in clause_roots(span):
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.ent_type_ == label:
                ent = next((e for e in doc_ents(span.doc) if e.start <= child.i < e.end), None)
                if ent is not None:
                    return ent
    return None


def _content_holder(span: Span) -> list[str]:
    """Named people as the subject of the reported clause hold the stance, not the one who
    reports it: "Saudi officials said Mohammed bin Salman opposes any escalation", "the
    spokesperson said Lee and Xi agreed to ..." (coordinated people: each of them)."""
    if not Span.has_extension("newsclaims_canonical"):
        return []
    ent = _clause_subject_entity(span, "PERSON")
    if ent is not None:
        return [ent._.newsclaims_canonical or ent.text]
    for root in clause_roots(span):
        for child in root.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or not any(c.dep_ == "conj" for c in child.children):
                continue
            subject = span.doc[child.left_edge.i : child.right_edge.i + 1]
            people = [e for e in entities_in(subject) if e.label_ == "PERSON"]
            others = [e for e in entities_in(subject) if e.label_ != "PERSON"]
            if len(people) >= 2 and not others:
                return list(dict.fromkeys(e._.newsclaims_canonical or e.text for e in people))
    return []


def _content_group(doc: Doc, span: Span, lexicon: ActorLexicon | None) -> list[str]:
    """"the spokesperson said the two leaders agreed to ...": a group phrase that names
    the article's leaders as the subject of the reported clause holds the stance."""
    if lexicon is None:
        return []
    heads = _group_heads(lexicon)
    for root in clause_roots(span):
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PRON", "NUM") and child.lower_ in heads:
                ref = resolve_phrase(doc, subtree_span(child), lexicon)
                if ref.kind == GROUP and len(ref.canonicals) >= 2:
                    return list(dict.fromkeys(ref.canonicals))
    return []


@lru_cache(maxsize=None)
def _group_heads(lexicon: ActorLexicon) -> frozenset[str]:
    """Last words of the phrases that name the article's leaders ("the two leaders", "they")."""
    return frozenset(p.split()[-1] for p in (*lexicon.leader_phrases, *lexicon.group_pronouns))


def _stance_of_its_own(span: Span, cues: PositionCues) -> bool:
    """The claim's main verb is a stance verb whose subject is "they", other people than
    the source, or names after the source ("According to Castro, Marcos and Carney
    pledged ..."): the sentence rule gives them the stance, not the claim's source."""
    for root in clause_roots(span):
        if root.pos_ == "VERB" and root.lemma_.lower() in cues.stance_verbs:
            if any(c.dep_ == "nsubj" and c.lower_ == "they" for c in root.children):
                return True
            if _subject_after_source(root) is not None:
                return True
    return False


def _speaks_for_government(doc: Doc, claim: dict, cues: PositionCues) -> bool:
    """The speaker is a spokesperson, ministry or government (its text or the role of the
    person it names): "a spokesperson for the Chinese foreign ministry", "Zhao Lijian, the
    spokesperson"."""
    words = (claim.get("speaker") or "").lower()
    if any(role in words for role in cues.voice_roles):
        return True
    names = set(claim.get("speaker_canonical") or ())
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and (ent._.newsclaims_canonical or ent.text) in names:
            role = (ent._.newsclaims_role or "").lower()
            if any(r in role for r in cues.voice_roles):
                return True
    return False


def _speaks_for_countries(claim: dict, gazetteer, cues: PositionCues) -> bool:
    """A ministry or office whose claim was resolved to its country ("The Foreign Office
    said" -> Pakistan): the country holds the stance. A state company ("Rosatom") does not."""
    names = claim.get("speaker_canonical") or []
    words = (claim.get("speaker") or "").lower()
    return claim.get("speaker_type") == "organization" and bool(names) and any(
        role in words for role in cues.voice_roles) and all(gazetteer.country_by_name(n) is not None for n in names)


def _voiced_country(span: Span) -> list[str]:
    """The country that is the subject of the claim's main clause ("China is eager to ...")."""
    ent = _clause_subject_entity(span, "COUNTRY")
    return [] if ent is None else [ent._.newsclaims_country or ent._.newsclaims_canonical or ent.text]


def _commits(span: Span, cues: PositionCues, own: frozenset[str] = frozenset()) -> bool:
    """The claim says what the speaker wants or will do: a commitment marker ("ready",
    "want", "support", ...), or will/shall/must (or a reported "would") whose subject is
    the speaker's side: the first person ("We will not waver"), the speaker's own country
    ("Erdoğan said Turkey will maintain ..."), or its government. The first person alone
    ("I am celebrating a visit") is not enough."""
    for t in span:
        if t.lemma_.lower() in cues.commitment_markers or t.lower_ in cues.commitment_markers:
            return True
        if t.dep_ == "aux" and t.lower_ in cues.demand_modals:
            return True  # "Macron said Iran must honour its obligations": what the speaker demands
        if t.dep_ not in ("nsubj", "nsubjpass") or not _speakers_side(t, cues, own):
            continue
        modals = cues.commitment_modals if t.lower_ in cues.first_person else cues.commitment_modals | cues.reported_modals
        if any(a.dep_ == "aux" and a.lower_ in modals for a in t.head.children) or _going_to(t.head):
            return True
    return False


def _going_to(head: Token) -> bool:
    """The future of "we are going to keep advancing": a progressive "go" with an
    infinitive complement, which commits like "will"."""
    return head.lemma_ == "go" and head.tag_ == "VBG" and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in head.children)


def _speakers_side(subject: Token, cues: PositionCues, own: frozenset[str]) -> bool:
    if subject.lower_ in cues.first_person or subject.lemma_.lower() in cues.own_side_nouns:
        return True
    if subject.lower_ in cues.speaker_pronouns:
        return True  # "Abe said he is going to raise ...": the back-shifted first person
    if subject.ent_type_ != "COUNTRY" or not own:
        return False
    ent = next((e for e in doc_ents(subject.doc) if e.start <= subject.i < e.end), None)
    return ent is not None and (ent._.newsclaims_canonical or ent.text) in own


def _own_countries(doc: Doc, claim: dict) -> frozenset[str]:
    """The countries a claim's speakers stand for: a country speaker itself, a person's
    linked country."""
    names = claim.get("speaker_canonical") or ()
    return countries_of(doc, names, are_countries=claim.get("speaker_type") == "country")


def countries_of(doc: Doc, names: Iterable[str], *, are_countries: bool = False) -> frozenset[str]:
    """The countries that actors ``names`` stand for: a country itself, a person's linked
    country. ``are_countries``: every name is taken as a country."""
    table = _name_countries(doc)
    own: set[str] = set()
    for name in names:
        if are_countries:
            own.add(name)
        own.update(table.get(name, ()))
    return frozenset(own)


def _name_countries(doc: Doc) -> dict[str, set[str]]:
    """Canonical name -> the countries it stands for, over the document's entities; built
    once per Doc once its entities are final (the table has only strings)."""
    if doc.user_data.get(ENTS_FINAL):
        return doc_memo(doc, "name_countries", lambda: _build_name_countries(doc))
    return _build_name_countries(doc)


def _build_name_countries(doc: Doc) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for ent in doc_ents(doc):
        if ent.label_ == "COUNTRY":
            name = ent._.newsclaims_canonical or ent.text
            table.setdefault(name, set()).add(name)
        elif ent.label_ == "PERSON":
            country = ent._.newsclaims_country
            if country:
                table.setdefault(ent._.newsclaims_canonical or ent.text, set()).add(country)
    return table


def _courtesy(span: Span, cues: PositionCues) -> bool:
    """Thanks, honours and celebrations are courtesy, not a stance: the phrase's head says
    so ("their appreciation for ...", "I am celebrating a visit", "it was an honour")."""
    root = span.root
    heads = [root] + [c for c in root.children if c.dep_ in ("attr", "acomp", "dobj")]
    return any(t.lemma_.lower() in cues.courtesy_lemmas and not (t.pos_ == "VERB" and t.lemma_.lower() in cues.courtesy_nouns_only)
               for t in heads)  # "it was an honour"; not "Iran must honour its obligations"


def _dedupe(positions: list[dict]) -> list[dict]:
    """One position per actor and stance span; a stance inside another one of the same
    actor (a stance verb inside a reported claim) is dropped."""
    kept: list[dict] = []
    for p in sorted(positions, key=lambda p: -(p["evidence"]["end"] - p["evidence"]["start"])):
        start, end = p["evidence"]["start"], p["evidence"]["end"]
        if any(k["actor"] == p["actor"] and k["evidence"]["start"] <= start and end <= k["evidence"]["end"] for k in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: (p["evidence"]["start"], p["actor"]))


def _is_just_a_name(span: Span) -> bool:
    names = [e for e in entities_in(span) if e.label_ in ("PERSON", "ORG")]
    return bool(names) and sum(len(e) for e in names) >= len([t for t in span if not t.is_punct]) - 2


def _named(actor: ActorRef) -> bool:
    """People, countries and "both leaders"; not unnamed groups or organisations."""
    return bool(actor.canonicals) and actor.kind in (PERSON, COUNTRY, GROUP)


class PositionsExtractor:
    def __init__(
        self,
        nlp: Language,
        name: str,
        cues_path: str | None,
        taxonomy_path: str | None,
        lexicon_path: str | None,
        from_reported_speech: bool = True,
    ):
        self.name = name
        self.from_reported_speech = from_reported_speech
        self.cues = load_cues(cues_path)
        self.taxonomy = Taxonomy.from_path(taxonomy_path)
        self.lexicon = ActorLexicon.from_path(lexicon_path)
        self.gazetteer = Gazetteer.from_path(None)
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        positions: list[dict] = []
        text = doc_text(doc)
        parsed = doc.has_annotation("DEP")
        verbs = tokens_with_lemma(doc, self.cues.trigger_lemmas) if parsed else []
        dateline = find_dateline(doc) if parsed else None
        dateline_end = dateline.end if dateline is not None else 0
        for block in doc._.newsclaims_blocks or []:
            if block["kind"] == "table":
                positions += table_positions(doc, block, self.taxonomy, text)
            elif block["kind"] in ("paragraph", "list") and parsed:
                span = doc.char_span(block["start"], block["end"], alignment_mode="expand")
                for sent in span.sents if span is not None else ():
                    positions += sentence_positions(doc, sent, self.cues, self.lexicon, self.taxonomy,
                                                    tokens_within(doc, verbs, sent), dateline_end)
        if self.from_reported_speech and parsed:
            positions += reported_positions(doc, self.cues, self.taxonomy, self.gazetteer, self.lexicon)
        positions = _dedupe(positions)
        doc._.newsclaims_positions = positions
        doc.spans[SPAN_KEY] = evidence_spans(doc, positions, "position")
        return doc


@Language.factory(
    "newsclaims_positions",
    default_config={"cues_path": None, "taxonomy_path": None, "lexicon_path": None, "from_reported_speech": True},
)
def make_positions_extractor(
    nlp: Language,
    name: str,
    cues_path: str | None,
    taxonomy_path: str | None,
    lexicon_path: str | None,
    from_reported_speech: bool,
) -> PositionsExtractor:
    return PositionsExtractor(nlp, name, cues_path, taxonomy_path, lexicon_path, from_reported_speech)
