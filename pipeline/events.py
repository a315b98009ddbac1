"""Meeting events: who met whom, where, when and on what occasion (factory ``newsclaims_events``).

The component runs after ``newsclaims_linker`` (people, places and countries are linked
entities) and works one sentence at a time. Three extraction families, each with a rule id:

- ``meeting_verb.v1``: a meeting verb with named people as its arguments, found by a
  dependency walk: "X and Y met/convened", "X met (with) Y", "X hosted/received/welcomed Y",
  "X held talks with Y", "X sat down with Y", "Y was received by X".
- ``meeting_noun.v1``: a meeting noun with named people: "talks between X and Y",
  "X's meeting with Y", "Y's visit ... included talks with X", "after talks with Y, X said",
  and "X and Y agreed ..., following talks at the Élysée" (the clause subject names both).
  A definite meeting noun with no named people ("The meeting, held on the sidelines of
  ...") refers back to the last meeting mentioned and only adds details to it; so does
  "They met ..." / "The two leaders met ..." when the leaders cannot be resolved, and
  there a different city makes it a new meeting of the same people ("... met again in
  Beijing").
- ``meeting_heading.v1``: title-case headings, where the tagger is unreliable, are read with
  token patterns (a ``Matcher``): "Erdoğan and Putin Convene in Turkmenistan", "Xi Hosts
  Putin", "Talks Between Lula and Biden".

Mentions with the same set of participants (and no conflicting place) are one event; its
fields are merged from every mention, and its evidence is its first mention in prose (a
heading only when there is no prose mention).

Judgement calls (each with the example that motivated it):

- Not events: planned or future meetings ("will meet next month", "are expected to hold
  talks", "ahead of talks with"), postponed or cancelled ones ("the meeting was called
  off"), phone or video calls ("spoke by phone", "video summit"), negated ("did not meet")
  and hypothetical ones ("could meet", "if they meet"), and questions. An infinitive is not
  a meeting ("plans to meet"), except the purpose of a trip that happened: "Putin travelled
  to Beijing to meet Xi" is a meeting in Beijing.
- A meeting needs two named people. "Putin met officials in Ashgabat" (one named person)
  is skipped, and so is "Turkey and Russia held talks" (countries are not participants).
  "He"/"she" as the subject is the closest preceding named person who is a clause subject
  within the two previous sentences ("Modi arrived in Paris. He met Macron ...");
  "both leaders" is the document's two main people (:func:`pipeline.actors.main_leaders`).
- "X visited Y" is a meeting only when Y is a person ("Modi visited Paris" is not).
- Location is always a city or town: a gazetteer place with a population, or a place the
  gazetteer does not know whose name has no venue word ("Hall", "Palace", "Guesthouse").
  Venues, regions and seat-of-government buildings never become the location; they give
  their country ("at the Kremlin" -> country Russia), and a city named with the venue
  wins ("at the Great Hall of the People in Beijing" -> Beijing).
- Occasion and time are kept as written, with their preposition ("on the sidelines of a
  regional summit", "during a state visit", "at the G20 summit", "on 12 March", "this
  week"); a descriptive apposition after a comma is cut ("during a one-day visit by
  Meloni[, her third trip to Egypt]"). A time with "next", "tomorrow", "upcoming" makes
  the mention a future one. A place inside the occasion ("the BRICS summit in Kazan")
  is used when the trigger names no place of its own.
- Details (place, occasion, time) are read only from phrases attached to the trigger, its
  meeting noun, a "held ..." participle, a "took place" verb, the named guest ("hosted
  Sharif in Tehran") or the trip it ends ("arrived in Baku for talks with ..."), never
  from the rest of the sentence.

Results: ``doc._.newsclaims_events`` (plain dicts with the fields of
:class:`pipeline.schema.Event`) and the span group ``doc.spans["newsclaims_events"]``
(the evidence sentences, label ``meeting``).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .actors import (GROUP, PERSON, ActorLexicon, anaphor_people, evidence, main_leaders, participle_clause,
                     resolve_phrase, subtree_span)
from .doccache import doc_ents, doc_text, tokens_with_lemma, tokens_with_lower, tokens_within
from .gazetteer import Gazetteer
from .paths import models_dir
from .setting import block_places, find_dateline, first_paragraph, headline_and_lead, opening_paragraphs

SPAN_KEY = "newsclaims_events"
SPAN_LABEL = "meeting"
RULE_VERB = "meeting_verb.v1"
RULE_NOUN = "meeting_noun.v1"
RULE_HEADING = "meeting_heading.v1"
RULE_INVITATION = "meeting_invitation.v1"

_HEADING_KINDS = ("heading", "title")
_TIME_LABELS = ("DATE", "TIME")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_OBJECT_DEPS = ("dobj", "dative", "npadvmod", "attr", "oprd")
_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_OPENING_QUOTES = ('"', "“")
_CLOSING_QUOTES = ('"', "”")
_RECIPROCALS = frozenset({"other", "another"})  # "met each other", "met one another"


# --- cue data ---------------------------------------------------------------------------


def _words(values) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _phrases(values) -> tuple[tuple[str, ...], ...]:
    """Multi-word cues as token tuples, longest first ("on the sidelines of" before "on the sidelines")."""
    return tuple(sorted((tuple(v.lower().split()) for v in values), key=len, reverse=True))


def _verb_table(section: dict) -> dict[str, frozenset[str]]:
    return {key: _words(forms) for key, forms in section.items() if key != "about"}


@dataclass(frozen=True)
class EventCues:
    """The trigger words and cue lists of ``models/events/cues.json`` (see its "about" keys)."""

    symmetric_verbs: dict[str, frozenset[str]]
    host_verbs: dict[str, frozenset[str]]
    with_verbs: dict[str, frozenset[str]]
    call_on_verbs: dict[str, frozenset[str]]
    light_verbs: dict[str, frozenset[str]]
    welcome_verbs: dict[str, frozenset[str]]
    welcome_nouns: frozenset[str]
    meeting_nouns: frozenset[str]
    appearance_nouns: frozenset[str]
    appearance_modifiers: frozenset[str]
    joint_words: frozenset[str]
    invitation_nouns: frozenset[str]
    meal_nouns: frozenset[str]
    invitation_prepositions: frozenset[str]
    bilateral_nouns: frozenset[str]
    min_counterparts: int
    separate_words: frozenset[str]
    series_words: frozenset[str]
    anaphoric_determiners: frozenset[str]
    anaphoric_subjects: frozenset[str]
    with_prepositions: frozenset[str]
    between_prepositions: frozenset[str]
    clause_prepositions: frozenset[str]
    person_nouns: frozenset[str]
    office_nouns: frozenset[str]
    location_prepositions: frozenset[str]
    destination_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    destination_nouns: frozenset[str]
    venue_verbs: frozenset[str]
    arrival_verbs: frozenset[str]
    venue_words: frozenset[str]
    settlement_nouns: frozenset[str]
    region_deps: frozenset[str]
    region_prepositions: frozenset[str]
    occasion_phrases: tuple[tuple[str, ...], ...]
    occasion_prepositions: tuple[tuple[str, ...], ...]
    occasion_nouns: frozenset[str]
    time_prepositions: frozenset[str]
    time_nouns: frozenset[str]
    future_words: frozenset[str]
    past_words: frozenset[str]
    modals: frozenset[str]
    future_auxiliaries: frozenset[str]
    negations: frozenset[str]
    conditional_markers: frozenset[str]
    planning_heads: frozenset[str]
    denial_heads: frozenset[str]
    cancel_verbs: frozenset[str]
    non_event_modifiers: frozenset[str]
    remote_prepositions: frozenset[str]
    remote_words: frozenset[str]
    future_phrases: tuple[tuple[str, ...], ...]
    heading_words: frozenset[str]
    data: dict = field(compare=False, repr=False)

    @classmethod
    def from_data(cls, data: dict) -> "EventCues":
        loc, occ, time, non = data["location"], data["occasion"], data["time"], data["non_events"]
        preps = data["participant_prepositions"]
        return cls(
            symmetric_verbs=_verb_table(data["symmetric_verbs"]),
            host_verbs=_verb_table(data["host_verbs"]),
            with_verbs=_verb_table(data["with_verbs"]),
            call_on_verbs=_verb_table(data["call_on_verbs"]),
            light_verbs=_verb_table(data["light_verbs"]),
            welcome_verbs=_verb_table(data.get("welcome_nouns", {}).get("verbs", {})),
            welcome_nouns=_words(data.get("welcome_nouns", {}).get("nouns", ())),
            meeting_nouns=_words(data["meeting_nouns"]),
            appearance_nouns=_words(data.get("joint_appearances", {}).get("nouns", ())),
            appearance_modifiers=_words(data.get("joint_appearances", {}).get("modifiers", ())),
            joint_words=_words(data.get("joint_appearances", {}).get("joint_words", ())),
            invitation_nouns=_words(data.get("invitation", {}).get("nouns", ())),
            meal_nouns=_words(data.get("meal_nouns", {}).get("words", ())),
            invitation_prepositions=_words(data.get("invitation", {}).get("prepositions", ())),
            bilateral_nouns=_words(data["bilateral_nouns"]["words"]),
            min_counterparts=int(data["bilateral_nouns"]["min_counterparts"]),
            separate_words=_words(data["bilateral_nouns"].get("separate_words", [])),
            series_words=_words(data["bilateral_nouns"].get("series_words", [])),
            anaphoric_determiners=_words(data["anaphoric_determiners"]["words"]),
            anaphoric_subjects=_words(data["anaphoric_subjects"]),
            with_prepositions=_words(preps["with"]),
            between_prepositions=_words(preps["between"]),
            clause_prepositions=_words(preps["clause"]),
            person_nouns=_words(data["person_nouns"]),
            office_nouns=frozenset(w.split()[-1] for w in _words(data.get("office_nouns", {}).get("words", []))),
            location_prepositions=_words(loc["prepositions"]),
            destination_prepositions=_words(loc["destination_prepositions"]),
            origin_prepositions=_words(loc.get("origin_prepositions", [])),
            destination_nouns=_words(loc["destination_nouns"]),
            venue_verbs=_words(loc["venue_verbs"]),
            arrival_verbs=_words(loc["arrival_verbs"]),
            venue_words=_words(loc["venue_words"]),
            settlement_nouns=_words(loc["settlement_nouns"]),
            region_deps=_words(loc["region_walk_dependencies"]),
            region_prepositions=_words(loc["region_walk_prepositions"]),
            occasion_phrases=_phrases(occ["phrases"]),
            occasion_prepositions=_phrases(occ["prepositions"]),
            occasion_nouns=_words(occ["nouns"]),
            time_prepositions=_words(time["prepositions"]),
            time_nouns=_words(time.get("nouns", ())),
            future_words=_words(time["future_words"]),
            past_words=_words(time.get("past_words", ())),
            modals=_words(non["modal_auxiliaries"]),
            future_auxiliaries=_words(non["future_auxiliaries"]),
            negations=_words(non["negations"]),
            conditional_markers=_words(non["conditional_markers"]),
            planning_heads=_words(non["planning_heads"]),
            denial_heads=_words(non["denial_heads"]),
            cancel_verbs=_words(non["cancel_verbs"]),
            non_event_modifiers=_words(non["modifiers"]),
            remote_prepositions=_words(non["remote_prepositions"]),
            remote_words=_words(non["remote_words"]),
            future_phrases=_phrases(non["future_phrases"]),
            heading_words=_words(non["heading_words"]),
            data=data,
        )


@lru_cache(maxsize=None)
def load_cues(path: str | None = None) -> EventCues:
    """The cue lists (``models/events/cues.json`` unless ``path``), loaded once per path."""
    file = Path(path) if path else models_dir() / "events" / "cues.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return EventCues.from_data(data)
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(
            f"[E-EVENTS-001] Could not read the meeting cues from {file}: {type(exc).__name__}: {exc}. "
            "Pass cues_path=None for the bundled models/events/cues.json, or a JSON file with the same keys."
        ) from exc


# --- mentions and events ----------------------------------------------------------------


@dataclass
class Mention:
    """One sentence's statement about a meeting (before mentions are merged into events).

    ``participants`` holds canonical names in text order; an ``anaphoric`` mention has none
    and adds its details to the last meeting mentioned before it.
    """

    sent: Span
    rule: str
    realis: bool = True
    participants: list[str] = field(default_factory=list)
    anaphoric: bool = False
    location: str | None = None
    country: str | None = None
    occasion: str | None = None
    time: str | None = None
    in_heading: bool = False
    # "They met again in Beijing": an anaphoric subject restates the last meeting's people,
    # so a different place makes it a new meeting of the same people.
    restates_participants: bool = False
    # One person who met each of the others separately: one bilateral event per guest.
    bilateral_host: str | None = None
    # Who an anaphoric subject names when no meeting came before it ("Boric and Lula
    # discussed lithium. When the two last met, in Lima, ..."): canonical names.
    antecedents: list[str] = field(default_factory=list)

    def bilaterals(self) -> list["Mention"]:
        if self.bilateral_host is None:
            return [self]
        return [replace(self, participants=[self.bilateral_host, guest], bilateral_host=None)
                for guest in self.participants if guest != self.bilateral_host]


@dataclass
class _Event:
    participants: list[str]
    evidence: Mention
    location: str | None = None
    country: str | None = None
    occasion: str | None = None
    time: str | None = None

    def compatible(self, m: Mention) -> bool:
        """No conflicting place: "met in Sochi in 2021" and "met in Ashgabat" are two meetings."""
        if self.location and m.location and self.location != m.location:
            return False
        return not (self.country and m.country and self.country != m.country)

    def absorb(self, m: Mention) -> None:
        for name in ("location", "country", "occasion", "time"):
            if getattr(self, name) is None and getattr(m, name) is not None:
                setattr(self, name, getattr(m, name))
        if self.evidence.in_heading and not m.in_heading and m.participants:
            self.evidence = m


def merge_mentions(mentions: list[Mention], called: frozenset[str] = frozenset()) -> list[_Event]:
    """Group mentions (in document order) into events.

    A mention with participants joins the latest event with the same participant set and
    no conflicting place, or starts a new one; an anaphoric mention fills the empty fields
    of the last meeting mentioned, unless that mention was not a real meeting ("They will
    meet again in May. The meeting will ..." adds nothing to an earlier event). A mention
    without a place of its own whose people all spoke by phone or video in the article
    (``called``) is that call ("spoke by telephone with A, with B ... In his conversations
    with A and B, ...").
    """
    events: list[_Event] = []
    last: _Event | None = None
    for m in mentions:
        if len(m.participants) >= 2:
            if not m.realis:
                last = None
                continue
            people = set(m.participants)
            if m.location is None and people <= called:
                continue
            target = next((e for e in reversed(events) if set(e.participants) == people and e.compatible(m)), None)
            if target is None:
                target = _Event(list(m.participants), m)
                events.append(target)
            target.absorb(m)
            last = target
        elif m.anaphoric and m.realis and last is None and len(m.antecedents) >= 2:
            last = _Event(list(m.antecedents), m)
            last.absorb(m)
            events.append(last)
        elif m.anaphoric and m.realis and last is not None:
            if last.compatible(m):
                last.absorb(m)
            elif m.restates_participants:
                last = _Event(list(last.participants), m)
                last.absorb(m)
                events.append(last)
    return events


# --- the component ----------------------------------------------------------------------


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_events"):
        Doc.set_extension("newsclaims_events", default=None)
    # Set by newsclaims_linker; registered here too (same default) so the component also
    # runs, with surface names, in a pipeline without the linker.
    for name in ("newsclaims_canonical", "newsclaims_country"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


class MeetingExtractor:
    """Set ``doc._.newsclaims_events`` and ``doc.spans["newsclaims_events"]`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, cues_path: str | None = None,
                 gazetteer_path: str | None = None, actors_path: str | None = None):
        self.name = name
        self.vocab = nlp.vocab
        self.gazetteer = Gazetteer.from_path(gazetteer_path)
        self.lexicon = ActorLexicon.from_path(actors_path)
        self._set_cues(load_cues(cues_path))
        _register_extensions()

    def _set_cues(self, cues: EventCues) -> None:
        self.cues = cues
        self.matcher = _heading_matcher(self.vocab, cues)
        # A trigger's lemma (lower-cased) is the first word of a verb key or a meeting
        # noun; a meeting noun may also match by its lower-case form.
        verb_keys = [*cues.symmetric_verbs, *cues.host_verbs, *cues.with_verbs, *cues.call_on_verbs, *cues.light_verbs,
                     *cues.welcome_verbs]
        self._trigger_lemmas = (frozenset(k.split()[0] for k in verb_keys) | cues.meeting_nouns | cues.invitation_nouns
                                | cues.appearance_nouns)
        self._trigger_lowers = frozenset(get_string_id(w) for w in cues.meeting_nouns | cues.appearance_nouns)

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the cue data with the pipeline (``nlp.to_disk``)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.cues.data, ensure_ascii=False, indent=2)
        (path / "cues.json").write_text(text, encoding="utf-8")

    def from_disk(self, path, *, exclude=tuple()) -> "MeetingExtractor":
        file = Path(path) / "cues.json"
        if file.exists():
            self._set_cues(load_cues(str(file)))
        return self

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("DEP"):
            # --fast (no parser): meetings are read from clauses, so none are reported.
            # spaCy 3.8 can crash on Token.children when sentence starts are set but
            # nothing is parsed, so nothing here may walk the tree.
            doc._.newsclaims_events = []
            doc.spans[SPAN_KEY] = []
            return doc
        context = _DocContext(doc)
        text = doc_text(doc)
        candidates = self.trigger_candidates(doc)
        mentions: list[Mention] = []
        for sent in doc.sents:
            if not text[sent.start_char : sent.end_char].strip():
                continue
            if context.block_kind(sent.start_char) in _HEADING_KINDS:
                mentions.extend(self.heading_mentions(sent, context))
            else:
                mentions.extend(self.sentence_mentions(sent, context, tokens_within(doc, candidates, sent)))
        events = merge_mentions(mentions, self._called_people(doc, context))
        self.place_from_setting(doc, context, events)
        doc._.newsclaims_events = [self._to_dict(doc, e) for e in events]
        spans = []
        for e in events:
            start, end = _trimmed(e.evidence.sent)
            spans.append(Span(doc, start, end, label=SPAN_LABEL))
        doc.spans[SPAN_KEY] = spans
        return doc

    def _called_people(self, doc: Doc, context: "_DocContext") -> frozenset[str]:
        """The people of the sentences that name a phone or video link ("spoke by telephone
        with A, with B and with C", "A and B held phone talks")."""
        called: set[str] = set()
        seen: set[int] = set()
        for i in tokens_with_lower(doc, self.cues.remote_words):
            sent = doc[i].sent
            if sent.start not in seen:
                seen.add(sent.start)
                called.update(_names(context.people_in(set(range(sent.start, sent.end)))))
        return frozenset(called)

    @staticmethod
    def _to_dict(doc: Doc, e: _Event) -> dict:
        start, end = _trimmed(e.evidence.sent)
        return {
            "type": "meeting",
            "participants": list(e.participants),
            "location": e.location,
            "country": e.country,
            "occasion": e.occasion,
            "time": e.time,
            "evidence": evidence(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), e.evidence.rule),
        }

    # -- prose --------------------------------------------------------------------------

    def trigger_candidates(self, doc: Doc) -> list[int]:
        """Indices of the tokens that may be triggers, by their lemma or lower-case form:
        a cheap filter on integer arrays, so that :meth:`_trigger_kind` (which reads the
        tree) sees a few tokens per sentence instead of all of them."""
        by_lemma = tokens_with_lemma(doc, self._trigger_lemmas)
        by_lower = (i for i, h in enumerate(doc.to_array("LOWER").tolist()) if h in self._trigger_lowers)
        return sorted(set(by_lemma).union(by_lower))

    def sentence_mentions(self, sent: Span, context: "_DocContext", candidates: list[Token] | None = None) -> list[Mention]:
        """Every meeting mention of one prose sentence (list items and table cells included).
        ``candidates``: the sentence's tokens worth testing (default: all)."""
        doc = sent.doc
        triggers: list[tuple[Token, str]] = []
        for tok in sent if candidates is None else candidates:
            kind = self._trigger_kind(tok)
            if kind is not None:
                triggers.append((tok, kind))
        trigger_ids = {tok.i for tok, _ in triggers}
        # "held talks with A, and with B": the verb's mention has the talks (and splits them)
        light_nouns = {self._light_noun(tok).i for tok, kind in triggers if kind == "light"}
        question = doc_text(doc)[sent.start_char : sent.end_char].rstrip().endswith("?")
        mentions = []
        for tok, kind in triggers:
            if kind == "noun":
                if tok.i in light_nouns:
                    continue
                nested = any(a.i in trigger_ids for a in tok.ancestors)
                m = self.noun_mention(sent, tok, context, nested=nested)
            elif kind == "invitation":
                m = self.invitation_mention(sent, tok, context)
            else:
                m = self.verb_mention(sent, tok, kind, context)
            if m is not None:
                m.realis = m.realis and not question and not self._future_time(m.time)
                mentions.extend(m.bilaterals())
        return mentions

    def _trigger_kind(self, tok: Token) -> str | None:
        c = self.cues
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            keys = _keys(tok)
            if keys & c.symmetric_verbs.keys():
                return "symmetric"
            if keys & c.host_verbs.keys():
                return "host"
            if keys & c.with_verbs.keys() and any(
                ch.dep_ == "prep" and ch.lower_ in c.with_prepositions
                for head in (tok, *self._key_objects(tok)) for ch in head.children
            ):
                return "symmetric"  # "discussed with Sheikh Tamim ...", "traded views with Y"
            if keys & c.call_on_verbs.keys() and _courtesy_call(tok):
                return "call"  # "the envoy called on the Prime Minister"
            if tok.lemma_.lower() in c.light_verbs and self._light_noun(tok) is not None:
                return "light"
            if tok.lemma_.lower() in c.welcome_verbs and self._welcome_noun(tok) is not None:
                return "host"  # "gave Carney a warm welcome to the Oval Office"
            return None
        if tok.pos_ in ("NOUN", "PROPN") and self._is_meeting_noun(tok):
            return "noun"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in c.invitation_nouns:
            return "invitation"
        return None

    def _key_objects(self, verb: Token) -> list[Token]:
        """The object of a verb-and-object key of ``with_verbs`` ("traded views with Y"), on
        which the parser may hang the "with"."""
        lemma = verb.lemma_.lower()
        return [ch for ch in verb.children if ch.dep_ == "dobj" and f"{lemma} {ch.lower_}" in self.cues.with_verbs]

    def _light_noun(self, verb: Token) -> Token | None:
        """The meeting noun of "held talks with Y", and of the passive "talks were held by X
        with Y" (with an agent: "talks were held in Doha" names nobody who held them)."""
        for child in verb.children:
            if child.dep_ == "dobj" and self._is_meeting_noun(child):
                return child
        if any(ch.dep_ == "agent" for ch in verb.children):
            for child in verb.children:
                if child.dep_ == "nsubjpass" and self._is_meeting_noun(child):
                    return child
        return None

    def _welcome_noun(self, verb: Token) -> Token | None:
        """The welcome noun of "gave <someone> a warm welcome", "played host to <someone>"
        (a dative or a "to" phrase must be there; who it names is checked as for hosts)."""
        noun = next((ch for ch in verb.children if ch.dep_ == "dobj" and ch.lemma_.lower() in self.cues.welcome_nouns), None)
        if noun is None or not any(ch.dep_ == "dative" for ch in verb.children) and not _to_phrases(verb, noun):
            return None
        return noun

    def _is_meeting_noun(self, tok: Token) -> bool:
        return (tok.lower_ in self.cues.meeting_nouns or tok.lemma_.lower() in self.cues.meeting_nouns
                or self._is_appearance(tok))

    def _is_appearance(self, tok: Token) -> bool:
        """"a press conference", "a joint news briefing": a meeting noun only with one of
        the modifiers (a conference on climate is no meeting of two people)."""
        c = self.cues
        return tok.lemma_.lower() in c.appearance_nouns and any(
            ch.dep_ in ("compound", "amod", "nmod") and ch.lower_ in c.appearance_modifiers for ch in tok.children)

    def _joint_partner(self, noun: Token, people: list[Span], context: "_DocContext") -> list[Span]:
        """"At a joint press briefing, his counterpart Denys Shmyhal said ...": a joint
        appearance of one named main leader is one with the other main leader."""
        if not self._is_appearance(noun) or not any(ch.lower_ in self.cues.joint_words for ch in noun.children):
            return []
        names = set(_names(people))
        leaders = main_leaders(context.doc)
        if len(names) != 1 or len(leaders) != 2 or not names & set(_names(leaders)):
            return []
        return [e for e in leaders if _names([e])[0] not in names]

    def verb_mention(self, sent: Span, tok: Token, kind: str, context: "_DocContext") -> Mention | None:
        """"X and Y met", "X met (with) Y", "X hosted Y", "X held talks with Y", "Y was received by X"."""
        c = self.cues
        light_noun = self._light_noun(tok) if kind == "light" else self._welcome_noun(tok) if kind == "host" else None
        subject, anaphoric_subject = self._subject_people(tok, context)
        objects: list[Span] = []
        object_roots: list[Token] = []
        passive = any(ch.dep_ == "nsubjpass" for ch in tok.children)
        # "Talks were held by X with Y and with Z": the agent held them, as a subject would.
        held_by = light_noun is not None and light_noun.dep_ == "nsubjpass"
        for child in tok.children:
            if child.dep_ in _OBJECT_DEPS and not _same(child, light_noun):
                object_roots.append(child)
            elif child.dep_ == "agent" and held_by:
                subject = subject + [p for g in child.children if g.dep_ == "pobj"
                                     for p in context.people_in(self._person_region(g, context))]
            elif child.dep_ == "agent":
                object_roots += [g for g in child.children if g.dep_ == "pobj"]
        if kind == "host" and light_noun is not None:  # "played host to Y"
            object_roots += [g for prep in _to_phrases(tok, light_noun) for g in prep.children if g.dep_ == "pobj"]
        # "held a meeting lasting an hour with Y": the "with" hangs on the noun's participle.
        noun_clauses = [ch for ch in light_noun.children if ch.dep_ == "acl"] if light_noun is not None else []
        with_preps: list[Token] = []
        for head in (tok, light_noun, *noun_clauses, *self._key_objects(tok), *self._misattached_with_heads(tok, light_noun, context)):
            if head is None:
                continue
            for child in head.children:
                # "with A, and with B": the second "with" is a conjunct of the verb
                if child.dep_ in ("prep", "conj") and child.lower_ in c.with_prepositions | c.between_prepositions:
                    object_roots += [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    with_preps.append(child)
                elif kind == "call" and head is tok and child.dep_ == "prep" and child.lower_ in _CALL_ON:
                    object_roots += [g for g in child.children if g.dep_ == "pobj"]
        if tok.dep_ == "amod" and not object_roots:
            repaired_subject, object_roots = self._amod_misparse(tok, context)  # "Lula hosted President Ruto"
            subject = subject or repaired_subject
        for root in object_roots:
            objects += context.people_in(self._person_region(root, context))
        for prep in with_preps:
            objects += [p for p in context.people_in(_surface_with_region(prep)) if p not in objects]
        for prep in with_preps:  # "with the Presidents of Azerbaijan, Moldova and Uzbekistan"
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                region = {t.i for t in pobj.subtree}
                if not context.people_in(region):
                    objects += [p for p in context.people_by_office(region, self.cues.office_nouns)
                                if p not in objects and p not in subject]
        described = [] if objects else self._described_people(object_roots, context)  # "received the Kuwaiti emir"
        if kind in ("host", "call") and not objects and not described:
            return None  # "Xi hosted a summit", "Modi visited Paris", "called on the phone"
        if kind == "host" and any(ch.dep_ == "prep" and ch.lower_ == "as" for ch in tok.children):
            return None  # "Modi sees Macron as a partner"
        if not objects and not described and any(
            ch.dep_ == "dobj" and not self._is_meeting_noun(ch) and ch.lower_ not in _RECIPROCALS for ch in tok.children
        ):
            return None  # "Putin and Xi met reporters": they met someone else, not each other
        if kind == "host" and passive and not any(ch.dep_ == "agent" for ch in tok.children):
            return None  # "Putin was welcomed warmly": one side only
        participants = _names(_in_text_order(subject + objects))
        participants += [name for name in described if name not in participants]
        anaphoric = False
        if len(participants) < 2:
            leaders = [] if objects else self._leader_participants(tok, context) or self._main_clause_pair(tok, context)
            if len(leaders) >= 2:
                participants = leaders  # "Both leaders met in Ashgabat"
            elif anaphoric_subject and not objects and kind != "host":
                participants, anaphoric = [], True  # "They met again on Friday"
            else:
                return None  # one named person: "Putin met officials in Ashgabat"
        guests = _names(objects)
        separate = (sum(p.lower_ in c.with_prepositions for p in with_preps) >= 2
                    or self._series_of_meetings(tok, guests, context))
        m = Mention(sent, RULE_VERB, participants=participants, anaphoric=anaphoric, restates_participants=anaphoric,
                    bilateral_host=self._bilateral_host(_names(subject), guests, light_noun, separate=separate),
                    antecedents=self._anaphor_group(tok, context) if anaphoric else [])
        m.realis = self._verb_realis(tok) and (light_noun is None or self._noun_realis(light_noun))
        heads = [(tok, kind == "host"), (light_noun, False)]
        # "met X for the first time on the margins of ...": the parser hangs the details on "time".
        heads += [(g, False) for ch in tok.children if ch.dep_ == "prep" for g in ch.children
                  if g.dep_ == "pobj" and g.lemma_.lower() in c.time_nouns]
        # "hosted Sharif in Tehran": the parser often hangs the place on the guest's name.
        heads += [(root, False) for root in object_roots if context.is_person_token(root)]
        # A meeting noun attached to the verb carries details too: "met for talks in Ankara".
        for child in tok.children:
            noun = None
            if child.dep_ == "dobj":
                noun = child
            elif child.dep_ == "prep" and child.lower_ == "for":
                noun = next((g for g in child.children if g.dep_ == "pobj"), None)
            if noun is not None and not _same(noun, light_noun) and self._is_meeting_noun(noun):
                heads.append((noun, False))
        if tok.dep_ in ("xcomp", "advcl", "conj") and tok.head.lemma_.lower() in c.arrival_verbs:
            heads.append((tok.head, True))  # "travelled to Beijing to meet Xi", "arrived in Beijing and met Xi"
        trip = _trip_noun(tok.head, c) if tok.dep_ in ("xcomp", "advcl") else None
        if trip is not None:
            heads.append((trip, True))  # "made a trip to Kuala Lumpur to see Anwar"
        extra_regions = []
        if kind == "host":
            # "Turkmenistan hosted Putin and Erdoğan": a place as the host is the venue.
            for child in tok.children:
                if child.dep_ in _SUBJECT_DEPS:
                    extra_regions.append(self._place_region(child))
        self._fill_details(m, [(h, d) for h, d in heads if h is not None], context, extra_regions)
        return m

    def _misattached_with_heads(self, verb: Token, noun: Token | None, context: "_DocContext") -> list[Token]:
        """Where the parser hangs the "with" of a meeting: on the venue of the clause ("held a
        session of talks today at the Amiri Diwan | with Y") or on the meeting noun that is
        the object of the light noun ("a session of official talks | with Y")."""
        if noun is None:
            return []
        heads = []
        for head in (verb, noun):
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ in self.cues.with_prepositions | self.cues.between_prepositions:
                    continue
                for obj in prep.children:
                    if obj.dep_ == "pobj" and not context.is_person_token(obj):
                        heads.append(obj)
        return heads

    def _series_of_meetings(self, verb: Token, guests: list[str], context: "_DocContext") -> bool:
        """"Milei also met Modi and Georgieva": a host's further meetings, one per guest,
        when the guests are not of one known country."""
        if len(guests) < 2 or not any(ch.dep_ == "advmod" and ch.lower_ in self.cues.series_words for ch in verb.children):
            return False
        homes = context.home_countries()
        countries = [homes.get(g) for g in guests]
        return None in countries or len(set(countries)) > 1

    def _bilateral_host(self, hosts: list[str], guests: list[str], noun: Token | None, separate: bool = False) -> str | None:
        """The one person who met each guest separately: "held meetings with A, and with B"
        (a plural meeting noun, or ``separate`` "with" phrases), "sat down with A, B and C"
        (three or more guests)."""
        if len(hosts) != 1 or hosts[0] in guests:
            return None
        plural = separate or noun is not None and (
            noun.lower_ in self.cues.bilateral_nouns
            or any(c.dep_ == "amod" and c.lower_ in self.cues.separate_words for c in noun.children))
        if len(guests) >= self.cues.min_counterparts or (plural and len(guests) >= 2):
            return hosts[0]
        return None

    def _leader_participants(self, tok: Token, context: "_DocContext") -> list[str]:
        """"Both leaders met": the document's two main people, when no one else is named."""
        subj = next((ch for ch in tok.children if ch.dep_ in _SUBJECT_DEPS), None)
        if subj is None:
            return []
        ref = resolve_phrase(context.doc, subtree_span(subj), self.lexicon)
        if ref.kind == GROUP and len(ref.canonicals) >= 2:
            return list(ref.canonicals)
        return []

    def _anaphor_group(self, tok: Token, context: "_DocContext") -> list[str]:
        """The two or three people an anaphoric subject ("they", "the two leaders") refers
        back to, by the shared actor rules (:func:`pipeline.actors.resolve_phrase`)."""
        current = tok
        for _ in range(3):
            subj = next((ch for ch in current.children if ch.dep_ in _SUBJECT_DEPS), None)
            if subj is not None:
                ref = resolve_phrase(context.doc, subtree_span(subj), self.lexicon)
                names = list(dict.fromkeys(ref.canonicals))
                return names if ref.kind in (PERSON, GROUP) and 2 <= len(names) <= 3 else []
            if current.dep_ not in ("conj", "xcomp", "advcl") or _same(current.head, current):
                return []
            current = current.head
        return []

    def _amod_misparse(self, tok: Token, context: "_DocContext") -> tuple[list[Span], list[Token]]:
        """"President Lula da Silva hosted President William Ruto": the small parser reads
        "hosted President" as adjective + noun. Then the person right before the verb is
        the subject and the name the "adjective" modifies is the object."""
        if tok.i == 0 or not context.is_person_token(tok.doc[tok.i - 1]):
            return [], []
        subject = context.people_in({tok.i - 1})
        head = tok.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head  # "President" -> "Ruto"
        if not context.is_person_token(head):
            return [], []
        return subject, [head]

    def _main_clause_pair(self, tok: Token, context: "_DocContext") -> list[str]:
        """"X's president and his U.S. counterpart talked ... when they sat down for talks":
        "they" in a clause hanging on another verb is that verb's coordinated subject."""
        subj = next((ch for ch in tok.children if ch.dep_ in _SUBJECT_DEPS), None)
        if subj is None or subj.lower_ != "they" or tok.dep_ not in ("advcl", "relcl", "conj") or _same(tok.head, tok):
            return []
        # the coordinated subject; a dateline can parse as a second one ("Antalya, ... – X and Y talked")
        main = next((ch for ch in tok.head.children
                     if ch.dep_ in _SUBJECT_DEPS and any(c.dep_ == "conj" for c in ch.children)), None)
        if main is None:
            return []
        ref = resolve_phrase(context.doc, subtree_span(main), self.lexicon)
        return list(ref.canonicals) if ref.kind in (PERSON, GROUP) and len(set(ref.canonicals)) >= 2 else []

    def noun_mention(self, sent: Span, noun: Token, context: "_DocContext", nested: bool = False) -> Mention | None:
        """"talks between X and Y", "X's meeting with Y", or an anaphoric "the meeting"."""
        c = self.cues
        between: list[Span] = []
        withs: list[Span] = []
        owner: list[Span] = []
        heads: list[tuple[Token, bool]] = [(noun, False)]
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in c.between_prepositions:
                between += context.people_in(self._pobj_region(child, context))
            elif child.dep_ == "prep" and child.lower_ in c.with_prepositions:
                withs += context.people_in(self._pobj_region(child, context) | _surface_with_region(child))
            elif child.dep_ in ("poss", "compound", "nmod"):
                owner += self._owner_people(child, context)
        clause_verb = None
        group: list[str] = []  # the people an anaphoric clause subject refers back to
        if not (owner or between or withs) and noun.dep_ in ("dobj", "nsubjpass"):
            # "With Armenian Prime Minister Nikol Pashinyan, Modi called the talks ...": the
            # counterpart fronted on the clause verb
            subjects = [ch for ch in noun.head.children if ch.dep_ in _SUBJECT_DEPS]
            # the parser may hang the fronted "With X," on the subject ("With X, PM Modi called ...")
            for child in [*noun.head.children, *(g for sub in subjects for g in sub.children if g.i < sub.i)]:
                if child.dep_ == "prep" and child.lower_ in c.with_prepositions and child.i < noun.i:
                    withs += context.people_in(self._pobj_region(child, context))
        if withs and not owner:
            owner, visit = self._clause_owner(noun, context)
            if visit is not None:
                heads.append((visit, True))  # "Modi's visit to Paris included talks with Macron"
        elif (not (owner or between or withs) and noun.lower_ not in c.meal_nouns  # "met reporters after lunch": a time
              and (noun.dep_ == "pobj" and noun.head.lower_ in c.clause_prepositions or _fronted_participle_object(noun))):
            # "X and Y agreed on Tuesday ..., following talks at the Élysée"; "Addressing a
            # joint press conference in Accra, X and Y lamented ..."
            clause_verb = noun.head.head
            if clause_verb.pos_ in ("VERB", "AUX"):
                subject, anaphoric = self._subject_people(clause_verb, context)
                subject = subject + self._joint_partner(noun, subject, context)
                if len(_names(subject)) >= 2:
                    owner = subject
                    heads.append((clause_verb, False))
                elif anaphoric and (group := self._anaphor_group(clause_verb, context)):
                    heads.append((clause_verb, False))  # "In a meeting held in Ankara, the two ministers talked ..."
                else:
                    clause_verb = None
            else:
                clause_verb = None
        people = _in_text_order(owner + between + withs)
        participants = _names(people) or group
        if nested and len(participants) < 2:
            return None  # "convened ... for high-level talks": part of the verb's mention
        if len(participants) < 2:
            if participants or not self._is_anaphoric(noun):
                return None
            participants = []
        m = Mention(sent, RULE_NOUN, participants=participants, anaphoric=not participants,
                    bilateral_host=self._bilateral_host(_names(owner), _names(withs), noun))
        m.realis = self._noun_realis(noun) and (clause_verb is None or self._verb_realis(clause_verb))
        for child in noun.children:
            if child.dep_ in ("acl", "relcl"):
                heads.append((child, False))  # "The meeting, held on the sidelines of ..."
        head = noun.head
        if noun.dep_ in _SUBJECT_DEPS and _keys(head) & c.venue_verbs:
            heads.append((head, False))  # "The meeting ... took place in Ashgabat"
        if noun.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in c.arrival_verbs:
            heads.append((head.head, True))  # "arrived in Washington for talks with Biden"
            m.realis = m.realis and self._verb_realis(head.head)
        self._fill_details(m, heads, context)
        return m

    def invitation_mention(self, sent: Span, noun: Token, context: "_DocContext") -> Mention | None:
        """"arrived in Tashkent for a state visit at the invitation of President X", "At the
        invitation of X, Y paid an official visit to ...": a visit made at a named host's
        invitation brings guest and host together. The guest is the subject of the visit's
        verb; the invitation must hang on that verb or on its trip noun."""
        c = self.cues
        hosts: list[Span] = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                hosts += context.people_in(self._pobj_region(child, context))
        if not hosts or noun.dep_ != "pobj" or noun.head.lower_ not in c.invitation_prepositions:
            return None
        verb, trip = self._visit_of(noun.head.head)
        if verb is None:
            return None
        guests, _ = self._subject_people(verb, context)
        host_names = set(_names(hosts))
        participants = _names(_in_text_order([g for g in guests if g.text not in host_names] + hosts))
        if len(participants) < 2 or not set(participants) - set(_names(hosts)):
            return None
        m = Mention(sent, RULE_INVITATION, participants=participants)
        m.realis = self._verb_realis(verb) and (trip is None or self._noun_realis(trip))
        self._fill_details(m, [(h, True) for h in (verb, trip) if h is not None], context)
        return m

    def _visit_of(self, anchor: Token) -> tuple[Token | None, Token | None]:
        """The verb of the visit an invitation belongs to, and its trip noun: "paid a visit
        ... at the invitation" (the verb), "a visit at the invitation" (the noun's verb),
        "arrived ... for a state visit, made at the invitation" (the verb "made" modifies)."""
        c = self.cues
        trip = None
        current = anchor
        for _ in range(3):
            if current.pos_ == "NOUN" and current.lemma_.lower() in c.destination_nouns:
                trip = current
            elif current.pos_ in ("VERB", "AUX") and (
                current.lemma_.lower() in c.arrival_verbs or _trip_noun(current, c) is not None or trip is not None
            ):
                return current, trip or _trip_noun(current, c)
            if _same(current.head, current):
                break
            current = current.head
        return None, None

    def _is_anaphoric(self, noun: Token) -> bool:
        """"The meeting", "this encounter", "their talks"; not "a regional summit" or "the BRICS summit"."""
        c = self.cues
        left = [t for t in noun.lefts]
        if not left or left[0].lower_ not in c.anaphoric_determiners:
            return False
        named = ("ORG", "NORP", "PERSON", "PLACE", "COUNTRY")
        return not any(t.pos_ == "PROPN" or t.ent_type_ in named for t in left[1:])

    def _owner_people(self, child: Token, context: "_DocContext") -> list[Span]:
        if child.lower_ == "their" and child.head.dep_ in ("dobj", "pobj"):
            # "X and Y used their talks to discuss ...": the clause's subject held them
            owners, _ = self._clause_owner(child.head, context)
            if len(_names(owners)) >= 2:
                return owners
        if child.lower_ in _PERSONAL_PRONOUNS:
            person = self._fronted_owner(child, context) or context.resolve_pronoun(child)
            return [person] if person is not None else []
        return context.people_in(self._person_region(child, context))

    def _clause_owner(self, noun: Token, context: "_DocContext") -> tuple[list[Span], Token | None]:
        """Who held "talks with Y": the subject of the clause ("After talks with Y, X said"),
        or the owner of a visit that is that subject ("X's visit ... included talks with Y")."""
        if noun.dep_ not in ("dobj", "attr", "pobj", "nsubjpass"):
            return [], None
        verb = noun.head
        for _ in range(3):  # "After talks with Y", "Ahead of talks with Y": up to the clause's verb
            if verb.pos_ in ("VERB", "AUX") or _same(verb.head, verb):
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return [], None
        subject, _ = self._subject_people(verb, context)
        if subject:
            return subject, None
        subj = next((ch for ch in verb.children if ch.dep_ in _SUBJECT_DEPS), None)
        if subj is not None and subj.lemma_.lower() in self.cues.destination_nouns:
            for child in subj.children:
                if child.dep_ == "poss":
                    return self._owner_people(child, context), subj
        return [], None

    # -- participants ---------------------------------------------------------------------

    def _subject_people(self, tok: Token, context: "_DocContext") -> tuple[list[Span], bool]:
        """Named people of the trigger's subject, and whether the subject is an anaphor
        ("They met ..."). A verb without a subject takes the one of the verb it depends on
        ("arrived in Paris and met Macron", "After meeting Xi, Putin said")."""
        subjects: list[Token] = []
        current = tok
        for _ in range(4):
            # Every subject: a dateline can parse as a second one ("ASTANA, Kazakhstan — X hosted Y").
            subjects = [ch for ch in current.children if ch.dep_ in _SUBJECT_DEPS]
            if subjects:
                break
            if current.dep_ in ("conj", "xcomp", "advcl") and not _same(current.head, current):
                current = current.head
            elif current.dep_ == "prep" and current.pos_ == "VERB" and not _same(current.head, current):
                current = current.head  # "X told reporters following talks with Y": "following" as a verb
            elif current.dep_ == "pcomp" and not _same(current.head.head, current.head):
                current = current.head.head
            elif current.dep_ == "acl" and context.is_person_token(current.head):
                subjects = [current.head]  # "ABU DHABI: Sheikh Mohamed ... discussed with ..." (dateline as root)
                break
            else:
                break
        people: list[Span] = []
        anaphoric = False
        for subj in subjects:
            if subj.lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                subj = current.head  # "Xi, who met Putin on Tuesday, ..."
            if subj.lower_ == "i":  # "“I then had a bilateral meeting with ...,” he said"
                person = context.quote_speaker(subj)
                people += [person] if person is not None else []
                continue
            if subj.lower_ in _PERSONAL_PRONOUNS:
                person = self._cataphor(subj, context) or context.resolve_pronoun(subj)
                people += [person] if person is not None else []
                continue
            region_people = context.people_in(self._person_region(subj, context))
            if not region_people:  # "the President of Turkmenistan had talks with ..."
                region_people = context.people_by_office({t.i for t in subj.subtree}, self.cues.office_nouns)[:1]
            if not region_people and subj.lower_ in self.cues.office_nouns:
                # "The Prime Minister also traded views with Y": the person the title refers back to
                region_people = anaphor_people(context.doc, subtree_span(subj), self.lexicon)[:1]
            people += region_people
            phrase = subtree_span(subj).text.lower()
            anaphoric = anaphoric or phrase in self.cues.anaphoric_subjects or any(
                phrase == p or phrase.startswith(p + " ") for p in self.lexicon.leader_phrases
            )
        return people, anaphoric and not people

    def _described_people(self, roots: list[Token], context: "_DocContext") -> list[str]:
        """A guest named by role, not by name ("King Salman received the Kuwaiti emir"): the
        one person of the article the description fits (:func:`resolve_phrase`)."""
        names: list[str] = []
        for root in roots:
            if root.pos_ not in ("NOUN", "PROPN") or root.lemma_.lower() not in self.cues.person_nouns | self.cues.office_nouns:
                continue  # "discussed trade": no person
            ref = resolve_phrase(context.doc, subtree_span(root), self.lexicon)
            if ref.kind == PERSON and len(ref.canonicals) == 1:
                names += ref.canonicals
        return names

    def _cataphor(self, pronoun: Token, context: "_DocContext") -> Span | None:
        """"When he met Anutin, Marcos conveyed ...": a pronoun subject of a clause fronted
        before its main clause is the main clause's named subject, not the last person
        named before it."""
        clause = pronoun.head
        main = clause.head
        if clause.dep_ != "advcl" or _same(main, clause) or clause.i > main.i or pronoun.lower_ not in ("he", "she"):
            return None
        return self._named_subject_after(main, clause.i, context)

    def _fronted_owner(self, pronoun: Token, context: "_DocContext") -> Span | None:
        """"At his talks with Carney, Marcos expressed ...": the owner of a noun in a phrase
        fronted before the clause is the clause's named subject."""
        noun, prep = pronoun.head, pronoun.head.head
        verb = prep.head
        if pronoun.lower_ not in ("his", "her") or noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.i > verb.i:
            return None
        return self._named_subject_after(verb, noun.i, context)

    def _named_subject_after(self, verb: Token, after: int, context: "_DocContext") -> Span | None:
        """The one person the subject of ``verb`` names, when that subject comes after token ``after``."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i > after:
                people = context.people_in(self._person_region(child, context))
                return people[0] if len(people) == 1 else None
        return None

    def _person_region(self, root: Token, context: "_DocContext") -> set[int]:
        """Token ids of a noun phrase's people: conjuncts and appositions, and names inside
        a name or a person noun ("his Turkish counterpart Recep Tayyip Erdoğan"; the small
        model sometimes hangs "Keir Starmer and ..." under the last name as ``nmod``).
        Not the owner of another noun: "the Putin administration" names no participant."""

        def followed(t: Token) -> Iterator[Token]:
            personal = context.is_person_token(t) or t.lemma_.lower() in self.cues.person_nouns
            for child in t.children:
                if child.dep_ in ("conj", "appos") or (child.dep_ in ("compound", "npadvmod", "nmod") and personal):
                    yield child

        return _tree_region(root, followed)

    def _pobj_region(self, prep: Token, context: "_DocContext") -> set[int]:
        region: set[int] = set()
        for child in prep.children:
            if child.dep_ in ("pobj", "pcomp"):
                region |= self._person_region(child, context)
        return region

    # -- realis -----------------------------------------------------------------------------

    def _verb_realis(self, tok: Token, depth: int = 0) -> bool:
        """False for "will meet", "did not meet", "could meet", "if they meet", "plans to
        meet", "denied meeting", "spoke by video link" and "ahead of meeting"."""
        c = self.cues
        children = list(tok.children)
        for child in children:
            if child.dep_ == "neg" or (child.dep_ in ("advmod", "preconj") and child.lower_ in c.negations):
                return False
            if child.dep_ in ("aux", "auxpass") and child.lower_ in c.modals:
                return False
            if child.dep_ == "mark" and child.lower_ in c.conditional_markers:
                return False
            if child.dep_ == "advmod" and child.lower_ in c.remote_words:
                return False
            if child.dep_ == "prep" and self._is_remote(child):
                return False
        head = tok.head
        if _is_infinitive(tok):
            purpose = tok.dep_ in ("xcomp", "advcl") and (head.lemma_.lower() in c.arrival_verbs or _trip_noun(head, c))
            if not (purpose and depth < 2 and self._verb_realis(head, depth + 1)):
                return False
        if not _same(head, tok):
            head_keys = _keys(head)
            if head_keys & c.denial_heads:
                return False
            non_finite = tok.dep_ in ("xcomp", "ccomp", "pcomp") and tok.tag_ in ("VB", "VBG")
            if non_finite and head_keys & (c.planning_heads | c.cancel_verbs):
                return False  # "ruled out meeting", "postponed meeting"
            if tok.dep_ == "pcomp" and head.dep_ == "prep":
                if f"{head.head.lemma_.lower()} {head.lower_}" in c.planning_heads:
                    return False  # "insisted on meeting"
            if tok.dep_ == "conj" and any(ch.dep_ == "aux" and ch.lower_ in c.modals for ch in head.children):
                return False  # "will travel to Beijing and meet Xi"
        return not _preceded_by(tok.doc, tok.left_edge.i, c.future_phrases)

    def _noun_realis(self, noun: Token) -> bool:
        """False for "the planned meeting", "no meeting", "phone talks", "the meeting was
        postponed", "the talks, which will take place ...", "called for talks", "ahead of talks"."""
        c = self.cues
        for child in noun.children:
            word = child.lower_
            if child.dep_ in ("amod", "compound", "nmod", "det", "nummod", "advmod", "poss") and (
                word in c.non_event_modifiers or child.lemma_.lower() in c.non_event_modifiers
            ):
                return False
            if child.dep_ == "det" and word in c.negations:
                return False
            if child.dep_ == "prep" and self._is_remote(child):
                return False
            if child.dep_ in ("acl", "relcl"):
                keys = _keys(child)
                if keys & (c.cancel_verbs | c.planning_heads):
                    return False  # "the meeting, scheduled for May", "the summit planned for June"
                if keys & c.venue_verbs and not self._verb_realis(child):
                    return False  # "the meeting, to be held in Moscow", "talks, which will take place ..."
        head = noun.head
        if not _same(head, noun) and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
            keys = _keys(head)
            if keys & (c.cancel_verbs | c.planning_heads | c.denial_heads):
                return False
            if keys & (c.venue_verbs | c.light_verbs.keys()) and not self._verb_realis(head):
                return False
            future = any(ch.dep_ == "aux" and ch.lower_ in c.future_auxiliaries for ch in head.children)
            if noun.dep_ in _SUBJECT_DEPS and future:
                return False  # "The meeting will focus on trade"
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            if f"{head.head.lemma_.lower()} {head.lower_}" in c.planning_heads:
                return False  # "called for talks between ..."
        return not _preceded_by(noun.doc, noun.left_edge.i, c.future_phrases)

    def _is_remote(self, prep: Token) -> bool:
        """"by phone", "via video link", "in a phone call", "over a video conference"."""
        c = self.cues
        if prep.lower_ not in c.remote_prepositions:
            return False
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.lower_ in c.remote_words or any(
                m.dep_ in ("compound", "amod", "nmod") and m.lower_ in c.remote_words for m in obj.children
            )):
                return True
        return False

    def _future_time(self, time: str | None) -> bool:
        return bool(time) and any(w.lower() in self.cues.future_words for w in time.split())

    # -- location, occasion, time --------------------------------------------------------------

    def _fill_details(self, m: Mention, heads: list[tuple[Token, bool]], context: "_DocContext",
                      extra_regions: list[set[int]] | None = None) -> None:
        """Location, country, occasion and time from the prepositional phrases and adverbial
        noun phrases attached to the trigger (``heads``: token, destination "to" allowed)."""
        c = self.cues
        location_regions: list[set[int]] = []
        occasion_regions: list[set[int]] = []
        for head, destination in heads:
            for child in head.children:
                if child.dep_ == "prep":
                    obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                    if obj is None:
                        continue
                    time_ent = context.time_entity(obj)
                    if time_ent is not None and child.lower_ in c.time_prepositions:
                        m.time = m.time or _phrase_text(child)
                    elif self._is_occasion(child, obj):
                        m.occasion = m.occasion or _phrase_text(child)
                        occasion_regions.append(self._place_region(obj))
                    elif child.lower_ in c.location_prepositions or (
                        destination and child.lower_ in c.destination_prepositions
                    ):
                        location_regions.append(self._place_region(obj))
                elif child.dep_ in ("npadvmod", "tmod", "nmod", "advmod") and context.time_entity(child) is not None:
                    m.time = m.time or _phrase_text(child)
                elif child.dep_ == "poss" and context.time_entity(child) is not None:
                    m.time = m.time or context.time_entity(child).text  # "Tuesday's meeting"
            where = self._where_antecedent(head)
            if where is not None:
                location_regions.append(self._place_region(where))
        regions = location_regions + (extra_regions or []) + occasion_regions
        m.location, m.country = self._place(context, regions)

    @staticmethod
    def _where_antecedent(head: Token) -> Token | None:
        """The place a "where" clause hangs on: "Lee travelled to China, where he held talks
        with Xi" -> China."""
        if head.dep_ != "relcl" or _same(head.head, head):
            return None
        if not any(ch.lower_ == "where" and ch.dep_ in ("advmod", "mark") for ch in head.children):
            return None
        return head.head

    def _is_occasion(self, prep: Token, obj: Token) -> bool:
        """"on the sidelines of ...", "as part of ...", "during a state visit", "at the G20 summit"."""
        c = self.cues
        words = [t.lower_ for t in prep.doc[prep.i : prep.right_edge.i + 1]]
        if any(tuple(words[: len(p)]) == p for p in c.occasion_phrases):
            return True
        for phrase in c.occasion_prepositions:
            if tuple(words[: len(phrase)]) != phrase:
                continue
            target = obj
            if len(phrase) > 1:  # "at the start of <noun>": the object of the last preposition
                inner = next((t for t in obj.children if t.dep_ == "prep" and t.lower_ == phrase[-1]), None)
                target = next((g for g in inner.children if g.dep_ == "pobj"), obj) if inner is not None else obj
            if target.lemma_.lower() in c.occasion_nouns or target.lower_ in c.occasion_nouns:
                return True
        return False

    def _place_region(self, root: Token) -> set[int]:
        """Token ids of a place phrase: "Ashgabat, Turkmenistan", "the Great Hall of the People
        in Beijing", "the BRICS summit in Kazan", "a state visit to France"."""
        c = self.cues

        def followed(t: Token) -> Iterator[Token]:
            for child in t.children:
                if child.dep_ in c.region_deps or child.dep_ == "prep" and (
                    child.lower_ in c.region_prepositions
                    or (child.lower_ in c.destination_prepositions and t.lemma_.lower() in c.destination_nouns)
                ):
                    yield child

        return _tree_region(root, followed)

    def _place(self, context: "_DocContext", regions: list[set[int]]) -> tuple[str | None, str | None]:
        """(location, country) from place phrases, in order of preference.

        The location is the first city (a gazetteer place with a population) or unknown
        place that is not a venue; the country is the location's country, else the first
        country named, else the country of a region, landmark or seat-of-government building.
        """
        cities, countries, fallback = self._classify_places([e for r in regions for e in context.places_in(r)])
        location, country = (cities or [(None, None)])[0]
        if country is None:
            country = (countries or fallback or [None])[0]
        return location, country

    def _classify_places(self, ents: list[Span]) -> tuple[list[tuple[str, str | None]], list[str], list[str]]:
        """(cities as (name, country), countries, countries of regions/venues/seats), each in
        text order; cities are gazetteer places with a population first, then unknown
        places without a venue word."""
        cities, unknown, countries, fallback = [], [], [], []
        for ent in ents:
            label = ent.label_
            canonical = ent._.newsclaims_canonical or ent.text
            if label == "COUNTRY":
                countries.append(canonical)
            elif label == "PLACE":
                entry = self.gazetteer.get(ent.kb_id_, label="PLACE") if ent.kb_id_ else None
                if entry is not None and entry.population:
                    cities.append((canonical, ent._.newsclaims_country or entry.country))
                elif entry is None and not ent.kb_id_ and not any(t.lower_ in self.cues.venue_words for t in ent):
                    unknown.append((canonical, ent._.newsclaims_country or _apposed_country(ent)))
                elif ent._.newsclaims_country or (entry is not None and entry.country):
                    fallback.append(ent._.newsclaims_country or entry.country)
            elif label == "ORG" and ent.kb_id_:
                entry = self.gazetteer.get(ent.kb_id_, label="ORG")
                if entry is not None and entry.stands_for_country and entry.country:
                    fallback.append(entry.country)  # "at the Kremlin" -> Russia
            elif label == "NORP" and ent.root.head.lemma_.lower() in self.cues.settlement_nouns:
                if ent._.newsclaims_country:
                    fallback.append(ent._.newsclaims_country)  # "in the Turkmen capital"
        return cities + unknown, countries, fallback

    def place_from_setting(self, doc: Doc, context: "_DocContext", events: list["_Event"]) -> None:
        """A meeting whose clauses name no city takes the article's: the dateline's city,
        else the one city the headline or the lead names ("NAIROBI, Kenya (AP) — Ruto
        hosted Abiy on Monday" -> Nairobi). Not when the meeting's own country differs."""
        missing = [e for e in events if e.location is None]
        for event in missing:
            self._city_of_sentence(event)
        missing = [e for e in missing if e.location is None]
        if not missing:
            return
        # "KUALA LUMPUR — X sat down with four leaders while attending the summit in Labuan
        # Bajo": the occasion's city, whatever city the dateline files from or the guests' homes
        occasion = self._lead_occasion_city(doc, context)
        setting = occasion or self._setting_city(doc, context)
        if setting is None:
            self._city_of_the_others(events, missing, context)
            self._country_from_visit(doc, context, [e for e in missing if e.location is None])
            return
        homes = context.home_countries()
        for event in missing:
            if self._background(event.evidence.sent, context):
                continue  # "since August last year, when he held talks with Ishiba": not the article's meeting
            city, country = setting
            own = {homes[p] for p in event.participants if homes.get(p)}
            if country is not None and own and country not in own and occasion is None:
                # "Baku, Azerbaijan (Trend): Rahmon was welcomed in Tashkent": the agency's
                # city; the lead's one city in a participant's country, if any, is the meeting's
                lead = self._lead_city(doc, own)
                if lead is not None:
                    city, country = lead
            if event.country is not None and event.country != country:
                continue  # the meeting's own country differs, or the setting's is unknown
            event.location = city
            event.country = event.country or country

    def _city_of_the_others(self, events: list["_Event"], missing: list["_Event"], context: "_DocContext") -> None:
        """When the article sets no city of its own, its meetings without a place take the
        one city of all its other meetings: the bilaterals of one summit ("met Xi ... at the
        G20 summit in Rio de Janeiro. ... Milei also met Modi and Georgieva")."""
        located = {(e.location, e.country) for e in events
                   if e.location is not None and not self._background(e.evidence.sent, context)}
        if len(located) != 1:
            return
        city, country = next(iter(located))
        for event in missing:
            if not self._background(event.evidence.sent, context) and event.country in (None, country):
                event.location, event.country = city, country

    def _city_of_sentence(self, event: "_Event") -> None:
        """The one city the meeting's own sentence names, where the parse hangs it off
        another phrase ("met Xi on Tuesday, the closing day of the G20 summit in Rio de
        Janeiro"). Not a visit still to come, not where someone came from, not a sentence
        about an earlier meeting, not a city in another country than the meeting's."""
        sent = event.evidence.sent
        if self._background(sent, None):
            return
        places = [e for e in sent.ents if e.label_ == "PLACE" and not self._planned_destination(e)
                  and e.root.head.lower_ not in self.cues.origin_prepositions and not _under_infinitive(e)]
        cities = self._classify_places(places)[0]
        if len({name for name, _ in cities}) != 1:
            return
        city, country = cities[0]
        if event.country is not None and country != event.country:
            return
        event.location, event.country = city, event.country or country

    def _country_from_visit(self, doc: Doc, context: "_DocContext", events: list["_Event"]) -> None:
        """A report on a visit whose headline and lead name the one country visited and no
        city ("President Ramaphosa wraps up Working Visit to the Kingdom of Eswatini"):
        its meetings take that country (no city), when it is a participant's home or some
        participant's home is unknown."""
        country = self._visited_country(doc)
        if country is None:
            return
        homes = context.home_countries()
        for event in events:
            if event.country is not None or self._background(event.evidence.sent, context):
                continue
            own = {homes.get(p) for p in event.participants}
            if country in own or None in own:  # the host's home, or a host whose home is unknown
                event.country = country

    def _visited_country(self, doc: Doc) -> str | None:
        """The one country the headline and lead name as the destination of a visit, trip
        or tour that is not still to come ("a state visit to France")."""
        c = self.cues
        found: set[str] = set()
        for block in headline_and_lead(doc):
            for ent in block_places(doc, block):
                prep = ent.root.head
                if ent.label_ != "COUNTRY" or prep.lower_ not in c.destination_prepositions or _same(prep.head, prep):
                    continue
                # "Visit to X", however the parser attaches "to" ("wraps up Working Visit to ...")
                nouns = (prep.head, doc[prep.i - 1]) if prep.i > 0 else (prep.head,)
                if any(n.lower_ in c.destination_nouns for n in nouns) and not self._planned_destination(ent):
                    found.add(ent._.newsclaims_canonical or ent.text)
        return next(iter(found)) if len(found) == 1 else None

    def _background(self, sent: Span, context: "_DocContext") -> bool:
        """A sentence about an earlier meeting: a date in it says so ("last year", "two
        years ago", "earlier this month", "in 2019"; past_words in the time cues). "The last
        day of the summit" is the final day, not an earlier one."""
        words = self.cues.past_words
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            lowers = {t.lower_ for t in ent if not (t.lower_ == "last" and t.i > 0 and t.nbor(-1).lower_ == "the")}
            if lowers & words or any(t.like_num and len(t.text) == 4 and t.text.isdigit() for t in ent):
                return True
        return False

    def _lead_city(self, doc: Doc, countries: set[str]) -> tuple[str, str | None] | None:
        """The one city of the headline and lead that lies in one of ``countries``."""
        found: dict[str, str | None] = {}
        for block in headline_and_lead(doc):
            cities, _, _ = self._classify_places([e for e in block_places(doc, block) if not _under_infinitive(e)])
            for name, country in cities:
                if country in countries:
                    found.setdefault(name, country)
        return next(iter(found.items())) if len(found) == 1 else None

    def _setting_city(self, doc: Doc, context: "_DocContext") -> tuple[str, str | None] | None:
        dateline = find_dateline(doc)
        if dateline is not None:
            cities, _, _ = self._classify_places(list(dateline.places))
            if cities:
                return cities[0]
        for block in headline_and_lead(doc):
            cities, _, _ = self._classify_places([e for e in block_places(doc, block) if not _under_infinitive(e)])
            distinct = {name for name, _ in cities}
            if len(distinct) == 1:
                return cities[0]
            if distinct:
                return None  # two cities named: ambiguous, and the next block cannot decide
        return self._arrival_city(doc, context) or self._only_city(doc)

    def _lead_occasion_city(self, doc: Doc, context: "_DocContext") -> tuple[str, str | None] | None:
        """The one city the first paragraph places an occasion in ("while attending the
        42nd Asean Summit in Labuan Bajo", "on the sidelines of the G20 in Rio"): where the
        article's meetings took place, whatever city the dateline files it from."""
        block = first_paragraph(doc)
        span = doc.char_span(block["start"], block["end"], alignment_mode="expand") if block else None
        found: dict[str, str | None] = {}
        for noun in span if span is not None else ():
            if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in self.cues.occasion_nouns:
                continue
            preps = [p for p in noun.children if p.dep_ == "prep" and p.lower_ in ("in", "at")]
            objects = {o.i for p in preps for o in p.subtree}
            places = [e for e in context.places_in(objects) if e.label_ == "PLACE"]
            for name, country in self._classify_places(places)[0]:
                found.setdefault(name, country)
        return next(iter(found.items())) if len(found) == 1 else None

    def _arrival_city(self, doc: Doc, context: "_DocContext") -> tuple[str, str | None] | None:
        """The one city the opening paragraphs say someone arrived in ("The prime minister
        reached Rarotonga on Wednesday", "landed in Hanoi"): where the report is set when
        its headline and lead name none."""
        c = self.cues
        found: list[tuple[str, str | None]] = []
        named: set[str] = set()
        for block in opening_paragraphs(doc):
            span = doc.char_span(block["start"], block["end"], alignment_mode="expand")
            for verb in span if span is not None else ():
                if verb.pos_ != "VERB" or verb.lemma_.lower() not in c.arrival_verbs:
                    continue
                heads = [verb] + [p for p in verb.children if p.dep_ == "prep" and p.lower_ in c.location_prepositions]
                objects = [o for h in heads for o in h.children if o.dep_ in ("dobj", "pobj")]
                places = [e for e in context.places_in({o.i for o in objects}) if e.label_ == "PLACE"]
                cities = self._classify_places(places)[0]  # a region or territory is no rival city
                named.update(name for name, _ in cities)
                found += cities
        return found[0] if len(named) == 1 else None

    def _only_city(self, doc: Doc) -> tuple[str, str | None] | None:
        """The one city (a gazetteer place with a population) the whole article names,
        if it names exactly one: "... Trudeau told reporters in Manila" sets a report
        whose lead names no city."""
        found: dict[str, str | None] = {}
        for ent in doc_ents(doc):
            if ent.label_ != "PLACE" or not ent.kb_id_ or self._planned_destination(ent) or _under_infinitive(ent):
                continue
            entry = self.gazetteer.get(ent.kb_id_, label="PLACE")
            if entry is not None and entry.population:
                found.setdefault(ent._.newsclaims_canonical or ent.text, ent._.newsclaims_country or entry.country)
                if len(found) > 1:
                    return None
        return next(iter(found.items()), None)

    def _planned_destination(self, ent: Span) -> bool:
        """A city a visit still to come goes to ("asked him to pay a visit to Dhaka", "will
        travel to Lima"): not where the article is set."""
        c = self.cues
        prep = ent.root.head
        if prep.lower_ not in c.destination_prepositions or _same(prep.head, prep):
            return False
        anchor = prep.head
        if anchor.pos_ == "NOUN" and anchor.lemma_.lower() in c.destination_nouns:
            anchor = anchor.head  # "pay a visit to Dhaka": the visit's verb
        elif anchor.lemma_.lower() not in c.arrival_verbs:
            return False
        return anchor.pos_ in ("VERB", "AUX") and not self._verb_realis(anchor)

    # -- headings -------------------------------------------------------------------------------

    def heading_mentions(self, sent: Span, context: "_DocContext") -> list[Mention]:
        """Token patterns for title-case headings: "Erdoğan and Putin Convene in Turkmenistan"."""
        c = self.cues
        matches = self.matcher(sent, as_spans=True)  # spans over the doc
        if not matches:
            return []
        match = max(matches, key=lambda s: (len(s), -s.start))
        participants = _names(context.people_in(set(range(match.start, match.end))))
        if len(participants) < 2:
            return []
        m = Mention(sent, RULE_HEADING, participants=participants, in_heading=True)
        # "Putin Will Meet Xi", "Putin Cancels Meeting With Xi", "Xi, Putin Hold Video Talks".
        # ("Putin and Xi to Meet" does not match: the patterns need the verb right after the names.)
        m.realis = not ({t.lower_ for t in sent} & c.heading_words)
        # "... Convene in Turkmenistan": the places right after "in"/"at" following the match.
        doc = sent.doc
        for i in range(match.end, min(match.end + 4, sent.end)):
            if doc[i].lower_ in c.location_prepositions:
                region = set()
                j = i + 1
                while j < sent.end and (doc[j].ent_type_ or doc[j].lower_ in (",", "and", "the")):
                    region.add(j)
                    j += 1
                m.location, m.country = self._place(context, [region])
                break
        return [m]


# --- helpers -------------------------------------------------------------------------------


class _DocContext:
    """Per-document lookups built once: blocks by offset, people, places and dates by token."""

    def __init__(self, doc: Doc):
        self.doc = doc
        blocks = (doc._.newsclaims_blocks or []) if Doc.has_extension("newsclaims_blocks") else []
        blocks = sorted(blocks, key=lambda b: b["start"])
        self._block_starts = [b["start"] for b in blocks]
        self._blocks = blocks
        self._people = [e for e in doc_ents(doc) if e.label_ == "PERSON"]
        self._token_ent: dict[int, Span] = {}
        for ent in doc_ents(doc):
            for t in ent:
                self._token_ent[t.i] = ent
        self._time_roots = {e.root.i: e for e in doc_ents(doc) if e.label_ in _TIME_LABELS}
        self._by_country: dict[str, list[Span]] | None = None

    def block_kind(self, char: int) -> str | None:
        k = bisect_right(self._block_starts, char) - 1
        if k >= 0 and self._blocks[k]["start"] <= char < self._blocks[k]["end"]:
            return self._blocks[k]["kind"]
        return None

    def is_person_token(self, tok: Token) -> bool:
        ent = self._token_ent.get(tok.i)
        return ent is not None and ent.label_ == "PERSON"

    def home_countries(self) -> dict[str, str]:
        """Each linked person's country, by canonical name."""
        homes: dict[str, str] = {}
        for person in self._people:
            if person._.newsclaims_country:
                homes.setdefault(person._.newsclaims_canonical or person.text, person._.newsclaims_country)
        return homes

    def people_by_office(self, region: set[int], office_nouns: frozenset[str]) -> list[Span]:
        """"the Presidents of Azerbaijan, Moldova and Uzbekistan": for each country of the
        region, the one person of the article who stands for it (linked to it, or named
        after "the President of <country>,"), when the region names an office."""
        doc = self.doc
        if not any(doc[i].lemma_.lower() in office_nouns for i in region):
            return []
        found: list[Span] = []
        for i in sorted(region):
            ent = self._token_ent.get(i)
            if ent is None or ent.label_ != "COUNTRY" or i != ent.start:
                continue
            holders = self._country_people().get(ent._.newsclaims_canonical or ent.text, [])
            if len(holders) == 1 and holders[0] not in found:
                found.append(holders[0])
        return found

    def _country_people(self) -> dict[str, list[Span]]:
        if self._by_country is None:
            by_country: dict[str, dict[str, Span]] = {}
            for person in self._people:
                country = person._.newsclaims_country or self._apposed_office_country(person)
                if country:
                    by_country.setdefault(country, {}).setdefault(person._.newsclaims_canonical or person.text, person)
            self._by_country = {c: list(people.values()) for c, people in by_country.items()}
        return self._by_country

    def _apposed_office_country(self, person: Span) -> str | None:
        """"the President of the Republic of Moldova, Igor Dodon": the country of the office
        named right before the name and a comma."""
        doc = self.doc
        if person.start < 2 or doc[person.start - 1].text != ",":
            return None
        for i in range(person.start - 2, max(person.sent.start, person.start - 9) - 1, -1):
            ent = self._token_ent.get(i)
            if ent is not None and ent.label_ == "COUNTRY":
                return ent._.newsclaims_canonical or ent.text
            if doc[i].text in (",", ";", "."):
                return None
        return None

    def people_in(self, region: set[int]) -> list[Span]:
        found = []
        for i in sorted(region):
            ent = self._token_ent.get(i)
            if ent is not None and ent.label_ == "PERSON" and ent not in found:
                found.append(ent)
        return found

    def places_in(self, region: set[int]) -> list[Span]:
        found = []
        for i in sorted(region):
            ent = self._token_ent.get(i)
            if ent is not None and ent.label_ in ("PLACE", "COUNTRY", "ORG", "NORP") and ent not in found:
                found.append(ent)
        return found

    def time_entity(self, tok: Token) -> Span | None:
        return self._time_roots.get(tok.i)

    def quote_speaker(self, token: Token) -> Span | None:
        """The named speaker of the quotation ``token`` stands in: the person (or the "he" /
        "she" resolved) right after the closing quote mark ("...,” he said"), else the
        person subject before the opening one in its sentence ("X said: “..."). A quotation
        runs on over paragraphs that open with a quote mark and have no closing one."""
        doc, text = self.doc, self.doc.text
        para_start = text.rfind("\n", 0, token.idx) + 1
        opening = _quote_opening(text, para_start, token.idx)
        if opening < 0:
            return None
        closing, start = -1, token.idx
        for _ in range(4):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            closing = _quote_closing(text, start, end)
            if closing >= 0:
                break
            following = end
            while following < len(text) and text[following].isspace():
                following += 1
            if following >= len(text) or text[following] not in _OPENING_QUOTES:
                return None
            start = following + 1
        if closing < 0:
            return None
        after = doc.char_span(closing, closing + 1, alignment_mode="expand")
        for t in doc[after.end : min(len(doc), after.end + 4)] if after is not None else ():
            if t.lower_ in ("he", "she"):  # "...,” he said": the last person named as a subject before the quote
                return self.resolve_pronoun(t) or self._last_subject_before(opening)
            ent = self._token_ent.get(t.i)
            if ent is not None and ent.label_ == "PERSON":
                return ent
        before = doc.char_span(opening, opening + 1, alignment_mode="expand")
        if before is None:
            return None
        subjects = [e for e in self._people if before.sent.start <= e.start and e.end <= before.start
                    and e.root.dep_ in _SUBJECT_DEPS]
        return subjects[-1] if subjects else None

    def _last_subject_before(self, char: int) -> Span | None:
        return next((e for e in reversed(self._people) if e.end_char <= char and e.root.dep_ in _SUBJECT_DEPS), None)

    def resolve_pronoun(self, pron: Token) -> Span | None:
        """The closest named person before ``pron`` that is a clause subject, in the same
        sentence or the two before it ("Modi arrived in Paris on Monday. He met Macron ...")."""
        doc = pron.doc
        start = pron.sent.start
        for _ in range(2):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        for ent in reversed(self._people):
            if ent.start >= pron.i or ent.start < start:
                continue
            if ent.root.dep_ in _SUBJECT_DEPS:
                return ent
        return None


def _apposed_country(place: Span) -> str | None:
    """The country an apposition gives a place the gazetteer does not know, at any of its
    mentions: "Brdo pri Kranju, Slovenia", "Brdo pri Kranju, a mountain resort in Slovenia"."""
    doc = place.doc
    for ent in doc_ents(doc):
        if ent.text != place.text or ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
            continue
        opener = doc[ent.end + 1]
        if opener.ent_type_ == "COUNTRY":
            return _country_name(doc, opener)
        if opener.lower_ not in ("a", "an", "the"):
            continue
        for token in doc[ent.end + 2 : min(ent.end + 10, ent.sent.end)]:
            if token.is_punct or token.tag_ in ("VBD", "VBZ", "VBP", "MD"):
                break
            if token.ent_type_ == "COUNTRY" and token.i > 0 and doc[token.i - 1].lower_ == "in":
                return _country_name(doc, token)
    return None


def _country_name(doc: Doc, token: Token) -> str:
    ent = next(e for e in doc_ents(doc) if e.start <= token.i < e.end)
    return ent._.newsclaims_canonical or ent.text


def _heading_matcher(vocab, c: EventCues) -> Matcher:
    person = {"ENT_TYPE": "PERSON", "OP": "+"}
    joiner = {"LOWER": {"IN": ["and", "&", ","]}}
    symmetric = sorted(frozenset().union(*(f for k, f in c.symmetric_verbs.items() if " " not in k)))
    sit = sorted(frozenset().union(*(f for k, f in c.symmetric_verbs.items() if " " in k)))
    host = sorted(frozenset().union(*c.host_verbs.values()))
    light = sorted(frozenset().union(*c.light_verbs.values()))
    nouns = sorted(c.meeting_nouns)
    withs = sorted(c.with_prepositions)
    between = sorted(c.between_prepositions)
    def word(words: list[str], **extra) -> dict:
        return {"LOWER": {"IN": words}, **extra}

    patterns = {
        "pair_verb": [person, joiner, person, word(symmetric)],  # "Erdoğan and Putin Convene"
        "pair_light": [person, joiner, person, word(light), word(nouns)],  # "Putin, Xi Hold Talks"
        "verb_object": [person, word(symmetric + host), word(withs, OP="?"), person],  # "Xi Hosts Putin"
        "light_with": [person, word(light), word(nouns), word(withs), person],  # "Xi Holds Talks With Putin"
        "sit_down": [person, word(sit), {"LOWER": "down"}, word(withs), person],  # "Lula Sits Down With Biden"
        "noun_between": [word(nouns), word(between), person, joiner, person],  # "Talks Between Xi and Putin"
    }
    matcher = Matcher(vocab)
    for key, pattern in patterns.items():
        matcher.add(key, [pattern], greedy="LONGEST")
    return matcher


def _keys(tok: Token) -> set[str]:
    """A verb's lemma, and the lemma with a following particle or object ("call off", "take place")."""
    lemma = tok.lemma_.lower()
    keys = {lemma}
    for child in tok.rights:
        if child.dep_ in ("prt", "advmod", "dobj"):
            keys.add(f"{lemma} {child.lower_}")
    return keys


def _tree_region(root: Token, followed: Callable[[Token], Iterable[Token]]) -> set[int]:
    """Token ids reached from ``root`` through the children ``followed`` yields."""
    region: set[int] = set()
    stack = [root]
    while stack:
        t = stack.pop()
        if t.i in region:
            continue
        region.add(t.i)
        stack.extend(followed(t))
    return region


_WITH_STOPS = frozenset({"who", "whom", "whose", "which", "where", "when", "while", "after", "before", "as", "but"})


def _surface_with_region(prep: Token) -> set[int]:
    """Token ids of a "with" phrase read on the surface, for the people the parser hangs
    elsewhere: "with Bosnia's Chairman ..., Denis Zvizdic, and with Kosovo's Prime
    Minister, Ramush Haradinaj". It runs to the end of the clause: a finite verb, a
    relative or subordinating word, or closing punctuation."""
    doc, end = prep.doc, prep.sent.end
    region: set[int] = set()
    for tok in doc[prep.i + 1 : end]:
        if tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or tok.lower_ in _WITH_STOPS or tok.text in (";", ":", "(", ".", "—", "–"):
            break
        region.add(tok.i)
    return region


_CALL_ON = frozenset({"on", "upon"})


def _to_phrases(verb: Token, noun: Token) -> list[Token]:
    return [ch for head in (verb, noun) for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "to"]


def _courtesy_call(verb: Token) -> bool:
    """"called on Y" with no infinitive or clause after it: a visit, not a demand."""
    children = list(verb.children)
    return any(c.dep_ == "prep" and c.lower_ in _CALL_ON for c in children) and not any(
        c.dep_ in ("xcomp", "ccomp", "advcl") for c in children)


def _trip_noun(verb: Token, c: "EventCues") -> Token | None:
    """The trip a verb makes: "made a one-day trip to Kuala Lumpur" -> "trip"."""
    return next((ch for ch in verb.children if ch.dep_ == "dobj" and ch.lemma_.lower() in c.destination_nouns), None)


def _same(a: Token | None, b: Token | None) -> bool:
    """Token identity (spaCy creates a new Token object on every access, so ``is`` fails)."""
    return a is not None and b is not None and a.i == b.i


def _is_infinitive(tok: Token) -> bool:
    return any(ch.dep_ == "aux" and ch.tag_ == "TO" for ch in tok.children)


def _preceded_by(doc: Doc, i: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the words just before token ``i`` are one of ``phrases`` ("ahead of")."""
    for phrase in phrases:
        n = len(phrase)
        if i >= n and tuple(t.lower_ for t in doc[i - n : i]) == phrase:
            return True
    return False


def _phrase_text(tok: Token) -> str:
    """The phrase headed by ``tok`` as written, without trailing punctuation and without
    what follows a comma as a relative clause or a descriptive apposition ("during a
    one-day visit by Meloni, her third trip to Egypt" -> "during a one-day visit by
    Meloni"); a place in apposition stays ("at the G20 summit in Rio de Janeiro, Brazil")."""
    doc = tok.doc
    end = tok.right_edge.i + 1
    for t in doc[tok.i : end]:
        after_comma = t.left_edge.i > tok.i and doc[t.left_edge.i - 1].text == ","
        if after_comma and (t.dep_ in ("relcl", "acl") or (t.dep_ == "appos" and not t.ent_type_)):
            end = t.left_edge.i - 1
            break
    start = min(tok.i, tok.left_edge.i)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end].text


def _in_text_order(ents: list[Span]) -> list[Span]:
    unique = {(e.start, e.end): e for e in ents}
    return [unique[k] for k in sorted(unique)]


def _names(ents: list[Span]) -> list[str]:
    names: list[str] = []
    for ent in ents:
        name = ent._.newsclaims_canonical or ent.text
        if name not in names:
            names.append(name)
    return names


def _trimmed(sent: Span) -> tuple[int, int]:
    """Token bounds of a sentence without leading or trailing white space."""
    start, end = sent.start, sent.end
    while end > start + 1 and sent.doc[end - 1].is_space:
        end -= 1
    while start < end - 1 and sent.doc[start].is_space:
        start += 1
    return start, end


@Language.factory(
    "newsclaims_events",
    default_config={"cues_path": None, "gazetteer_path": None, "actors_path": None},
)
def make_events_extractor(nlp: Language, name: str, cues_path: str | None,
                          gazetteer_path: str | None, actors_path: str | None) -> MeetingExtractor:
    return MeetingExtractor(nlp, name, cues_path=cues_path, gazetteer_path=gazetteer_path, actors_path=actors_path)


def _fronted_participle_object(noun: Token) -> bool:
    """The meeting noun is the object of a participle clause before the main verb
    ("Addressing a joint press conference ..., X and Y lamented"): the main clause's subject
    are its people."""
    return noun.dep_ == "dobj" and participle_clause(noun.head, fronted=True) and noun.head.head.pos_ in ("VERB", "AUX")


def _quote_opening(text: str, start: int, end: int) -> int:
    """Where the quotation open at ``end`` began in ``text[start:end]`` (one paragraph), or -1:
    the last curly opening mark not closed since, or the last of an odd number of straight marks."""
    curly_open, curly_close = text.rfind("“", start, end), text.rfind("”", start, end)
    if curly_open > curly_close:
        return curly_open
    straight = [i for i in range(start, end) if text[i] == '"']
    return straight[-1] if len(straight) % 2 == 1 else -1


def _quote_closing(text: str, start: int, end: int) -> int:
    """The first closing quote mark in ``text[start:end]``, or -1."""
    found = [i for i in (text.find("”", start, end), text.find('"', start, end)) if i >= 0]
    return min(found) if found else -1


def _under_infinitive(place: Span) -> bool:
    """The place belongs to something still to do ("readiness to host a delegation in
    Putrajaya"): the first verb above it is an infinitive."""
    verb = next((t for t in place.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
