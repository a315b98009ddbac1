"""Who a noun phrase refers to: shared by the positions, claims and events extractors.

A subject such as "Erdoğan", "Turkish President Recep Tayyip Erdoğan", "Ankara", "the
Kremlin", "both leaders", "Experts" or "they" is resolved to an :class:`ActorRef`: what
kind of speaker it is and which linked entities (canonical names and ids) it stands for.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .doccache import ENTS_FINAL, doc_ents, doc_memo
from .paths import read_json

PERSON, GROUP, ORGANIZATION, COUNTRY, UNATTRIBUTED = "person", "group", "organization", "country", "unattributed"


@dataclass
class ActorRef:
    """A resolved speaker/actor. ``canonicals`` and ``kb_ids`` are parallel lists."""

    kind: str
    surface: str
    start: int  # character offsets of the phrase in doc.text
    end: int
    canonicals: list[str] = field(default_factory=list)
    kb_ids: list[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class ActorLexicon:
    group_nouns: frozenset[str]
    leader_phrases: tuple[str, ...]  # longest first
    country_phrases: tuple[str, ...] = ()
    anaphoric_roles: tuple[str, ...] = ()  # longest first
    person_pronouns: frozenset[str] = frozenset()
    group_pronouns: frozenset[str] = frozenset()
    honorifics: tuple[tuple[str, tuple[str, ...]], ...] = ()  # "his majesty" -> role words
    any_title_roles: frozenset[str] = frozenset()
    role_spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # "amir" -> ("emir",)
    pair_cues: frozenset[str] = frozenset()  # lemmas of a sentence that tells of two people meeting
    envoy_roles: frozenset[str] = frozenset()  # role words of people who call on a leader, not counterparts

    def honorific_length(self, words: list[str]) -> int:
        """How many of the lower-case ``words`` a leading honorific takes ("hh the amir" -> 1,
        "his majesty the king" -> 2), else 0."""
        return next((len(h.split()) for h, _ in self.honorifics if words[: len(h.split())] == h.split()), 0)

    def role_forms(self, noun: str) -> tuple[str, ...]:
        """A role noun and its other spellings ("amir", "emir"): a title in either names the role."""
        return (noun, *dict(self.role_spellings).get(noun, ()))

    @classmethod
    def from_path(cls, path: str | None = None) -> "ActorLexicon":
        return _load_lexicon(path)


@lru_cache(maxsize=None)
def _load_lexicon(path: str | None) -> ActorLexicon:
    data = read_json(path, "actors", "group_nouns.json")
    phrases = tuple(sorted(data["leader_phrases"], key=lambda p: -len(p)))
    countries = tuple(sorted(data.get("country_phrases", []), key=lambda p: -len(p)))
    roles = tuple(sorted(data.get("anaphoric_roles", []), key=lambda p: -len(p)))
    return ActorLexicon(frozenset(data["group_nouns"]), phrases, countries, roles,
                        frozenset(data.get("person_pronouns", [])), frozenset(data.get("group_pronouns", [])),
                        tuple((k, tuple(v)) for k, v in data.get("honorific_anaphors", {}).items()),
                        frozenset(data.get("any_title_roles", [])),
                        tuple((k, tuple(v)) for k, v in data.get("role_spellings", {}).items()),
                        frozenset(data.get("pair_cues", [])), frozenset(data.get("envoy_roles", [])))


def participle_clause(token: Token, fronted: bool | None = None) -> bool:
    """A participle clause without a subject of its own ("..., restating X", "Raising X,
    the two sides ..."): it shares the subject of the verb it hangs on. ``fronted``: only
    one before (True) or after (False) that verb."""
    if token.dep_ != "advcl" or token.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    return fronted is None or (token.i < token.head.i) == fronted


def subtree_span(token: Token) -> Span:
    """The contiguous span of a token's subtree."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def main_leaders(doc: Doc, exclude: frozenset[str] = frozenset()) -> list[Span]:
    """The people "both leaders" refers to: the two most-mentioned linked people
    (each mentioned at least twice), in order of first mention. ``exclude``: people who
    cannot be meant (the spokesperson who reports "the two leaders agreed ...").
    Claims, positions, events and actors all ask, many times per Doc: the answer is kept
    (as indices into the Doc's final entities, so the Doc is held only weakly)."""
    ents = doc_ents(doc)
    if not doc.user_data.get(ENTS_FINAL):
        return _main_leaders(ents, exclude)

    def indices() -> list[int]:
        position = {(e.start, e.end): i for i, e in enumerate(ents)}
        return [position[(e.start, e.end)] for e in _main_leaders(ents, exclude)]

    return [ents[i] for i in doc_memo(doc, ("main_leaders", exclude), indices)]


def _main_leaders(ents: tuple[Span, ...], exclude: frozenset[str]) -> list[Span]:
    key = lambda e: e._.newsclaims_canonical or e.text  # noqa: E731
    people = [e for e in ents if e.label_ == "PERSON" and key(e) not in exclude]
    counts = Counter(key(e) for e in people)
    if people:
        # The headline names the article's main actors: a name in it weighs as two more mentions.
        headline_end = _headline_end(people[0].doc)
        counts.update({name: 2 for name in {key(e) for e in people if e.end_char <= headline_end}})
    top = [name for name, n in counts.most_common(2) if n >= 2]
    firsts: dict[str, Span] = {}
    for e in people:
        firsts.setdefault(key(e), e)
    if len(top) == 1:
        # A readout names the guest once: "Sheikh Mohamed discussed with Sheikh Tamim ...".
        # The second leader is a linked person named in the same sentence as the first one.
        lead = firsts[top[0]]
        partner = next((e for name, e in firsts.items() if name != top[0] and e.kb_id_
                        and e.sent.start == lead.sent.start), None)
        if partner is not None:
            top.append(key(partner))
    elif not top:
        top = _lead_pair(people, key)
    return sorted((firsts[name] for name in top), key=lambda e: e.start)


def _headline_end(doc: Doc) -> int:
    """Where the first line ends, when it is a headline (a line of its own before body text)."""
    end = doc.text.find("\n")
    return end if 0 < end < 300 else -1


def _lead_pair(people: list[Span], key) -> list[str]:
    """The two people of the first sentence that names any, when it names exactly two and
    one is linked: a readout that names each leader once ("Sheikh Mohamed discussed with
    Sheikh Tamim ...", then "the two leaders", "They")."""
    if not people:
        return []
    sent_start = people[0].sent.start
    names = list(dict.fromkeys(key(e) for e in people if e.sent.start == sent_start))
    linked = any(e.kb_id_ for e in people if e.sent.start == sent_start)
    return names if len(names) == 2 and linked else []


def entities_in(span: Span) -> list[Span]:
    """The entities inside ``span``, found by bisection over the (sorted, non-overlapping)
    entity starts."""
    doc = span.doc
    ents = doc_ents(doc)
    if doc.user_data.get(ENTS_FINAL):
        starts = doc_memo(doc, "entity_starts", lambda: [e.start for e in ents])
    else:
        starts = [e.start for e in ents]
    first = bisect_left(starts, span.start)
    found = []
    for e in ents[first:]:
        if e.start >= span.end:
            break
        if e.end <= span.end:
            found.append(e)
    return found


def _from_entities(ents: list[Span], surface: Span) -> ActorRef | None:
    people = [e for e in ents if e.label_ == "PERSON"]
    if people:
        return _ref(PERSON, surface, people)
    orgs = [e for e in ents if e.label_ == "ORG"]
    places = [e for e in ents if e.label_ in ("COUNTRY", "PLACE")]
    if places and not orgs:
        return _country_ref(surface, places)
    if orgs:
        return _org_ref(surface, orgs)
    return None


def _ref(kind: str, surface: Span, ents: list[Span]) -> ActorRef:
    ref = ActorRef(kind, surface.text, surface.start_char, surface.end_char)
    for e in ents:
        name = e._.newsclaims_canonical or e.text
        if name not in ref.canonicals:
            ref.canonicals.append(name)
            ref.kb_ids.append(e.kb_id_ or None)
    return ref


def _country_ref(surface: Span, places: list[Span]) -> ActorRef:
    """A country, or a capital standing for its government ("Ankara" -> Turkey)."""
    ref = ActorRef(COUNTRY, surface.text, surface.start_char, surface.end_char)
    for e in places:
        if e.label_ == "COUNTRY":
            name, kb = e._.newsclaims_canonical or e.text, e.kb_id_ or None
        else:
            name, kb = e._.newsclaims_country or e._.newsclaims_canonical or e.text, None
        if name not in ref.canonicals:
            ref.canonicals.append(name)
            ref.kb_ids.append(kb)
    return ref


def _org_ref(surface: Span, orgs: list[Span]) -> ActorRef:
    """An organisation; the Kremlin or the White House speak for their country."""
    from .gazetteer import Gazetteer  # local: the gazetteer is cached per process

    gazetteer = Gazetteer.from_path(None)
    entries = [gazetteer.get(e.kb_id_, label="ORG") if e.kb_id_ else None for e in orgs]
    if entries and all(entry is not None and entry.stands_for_country and entry.country for entry in entries):
        ref = ActorRef(COUNTRY, surface.text, surface.start_char, surface.end_char)
        for entry in entries:
            if entry.country not in ref.canonicals:
                ref.canonicals.append(entry.country)
                ref.kb_ids.append(entry.country_id)
        return ref
    return _ref(ORGANIZATION, surface, orgs)


def resolve_phrase(doc: Doc, phrase: Span, lexicon: ActorLexicon, reporters: frozenset[str] = frozenset()) -> ActorRef:
    """Resolve a subject/speaker phrase (see the module docstring). ``reporters``: the
    speakers of the claim the phrase is quoted in, who are not "the two leaders" it names."""
    text = phrase.text.lower()
    for country_phrase in lexicon.country_phrases:
        if text == country_phrase or text.startswith(country_phrase + " "):
            ref = ActorRef(COUNTRY, phrase.text, phrase.start_char, phrase.end_char)
            for leader in main_leaders(doc):  # "both governments" -> the leaders' countries
                country = leader._.newsclaims_country
                if country and country not in ref.canonicals:
                    from .gazetteer import Gazetteer  # cached per process

                    entry = Gazetteer.from_path(None).country_by_name(country)
                    ref.canonicals.append(country)
                    ref.kb_ids.append(entry.id if entry else None)
            if len(ref.canonicals) >= 2:
                return ref
            break
    for leader_phrase in lexicon.leader_phrases:
        if text == leader_phrase or text.startswith(leader_phrase + " "):
            leaders = main_leaders(doc, reporters)
            leaders = _memo_local_pair(doc, phrase, leaders, reporters, lexicon) or leaders
            if leaders:
                return _ref(GROUP, phrase, leaders)
            break
    found = _from_entities(entities_in(phrase), phrase)
    if found is not None and found.kind == COUNTRY and _names_a_role(phrase, lexicon):
        # "Turkey's president and his U.S. counterpart": people, if the document names them
        people = anaphor_people(doc, phrase, lexicon)
        if people:
            return _ref(GROUP if len(people) > 1 else PERSON, phrase, people)
    if found is not None:
        return found
    people = anaphor_people(doc, phrase, lexicon)
    if people:
        return _ref(PERSON, phrase, people)
    head = phrase.root
    if head.lemma_.lower() in lexicon.group_nouns or (head.tag_ in ("NNS", "NNPS") and head.pos_ in ("NOUN", "PROPN")):
        return ActorRef(GROUP, phrase.text, phrase.start_char, phrase.end_char)
    return ActorRef(UNATTRIBUTED, phrase.text, phrase.start_char, phrase.end_char)


ANAPHOR_SENTENCES = 4  # how far back "he" or "the President" looks, in sentences


def anaphor_people(doc: Doc, phrase: Span, lexicon: ActorLexicon) -> list[Span]:
    """The named people a phrase without names refers back to: "He", "the President",
    "the President and the Chancellor" (readouts name the leaders once, then use titles).
    Every part must resolve, or none is returned."""
    if phrase.text.lower() in lexicon.group_pronouns:
        return _antecedent_group(doc, phrase, lexicon)
    parts: list[list[Token]] = [[]]
    for token in phrase:
        if token.lower_ in ("and", "&", ","):
            parts.append([])
        elif not token.is_punct:
            parts[-1].append(token)
    people: list[Span] = []
    for part in (p for p in parts if p):
        person = _antecedent_person(doc, part, lexicon)
        if person is None:
            return []
        people.append(person)
    return people


def _antecedent_person(doc: Doc, part: list[Token], lexicon: ActorLexicon) -> Span | None:
    words = [t.lower_ for t in part]
    phrase = " ".join(words)
    honorific = dict(lexicon.honorifics).get(phrase)
    if len(words) == 1 and words[0] in lexicon.person_pronouns:
        wanted: tuple[str, ...] | None = None
    elif len(words) >= 2 and words[0] == "the" and " ".join(words[1:]) in lexicon.anaphoric_roles:
        role = " ".join(words[1:])
        wanted = ("",) if role in lexicon.any_title_roles else lexicon.role_forms(role)
    elif honorific is not None:
        wanted = honorific or ("",)  # "His Excellency": anyone with a title
    else:
        # "HH the Amir": the honorific before a definite title says whom it means
        honorific = next((roles for h, roles in lexicon.honorifics if phrase.startswith(h + " the ")), None)
        if honorific is None:
            return _national_role_person(doc, part, lexicon)
        wanted = honorific or ("",)
    start = part[0].sent.start
    for _ in range(ANAPHOR_SENTENCES - 1):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    before = [e for e in doc_ents(doc) if e.label_ == "PERSON" and start <= e.start and e.end <= part[0].i]
    if wanted is not None:
        before = [e for e in before if e._.newsclaims_role and any(w in e._.newsclaims_role.lower() for w in wanted)]
        return before[-1] if before else None
    subjects = [e for e in before if _is_clause_subject(e.root)]
    if subjects and subjects[-1].sent.start < part[0].sent.start:
        # In an earlier sentence the main clause's subject is the topic a pronoun continues:
        # "Ms Baloch said Jilani would chair ... . She urged ..." -> Baloch.
        last = subjects[-1].sent
        main = [e for e in subjects if e.sent == last and e.root.head == last.root]
        if main:
            return main[-1]
    return (subjects or before or [None])[-1]


_COUNTERPART = "counterpart"


def _names_a_role(phrase: Span, lexicon: ActorLexicon) -> bool:
    """The phrase's head is a title ("Turkey's president"), not the country ("Turkey")."""
    root = phrase.root
    heads = [root] + [c for c in root.children if c.dep_ == "conj"]
    return any(h.lemma_.lower() == _COUNTERPART or h.lemma_.lower() in lexicon.anaphoric_roles for h in heads)
_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "'s", "’s"})


def _national_role_person(doc: Doc, part: list[Token], lexicon: ActorLexicon) -> Span | None:
    """"Turkey's president", "the Turkish president", "his U.S. counterpart": the one person
    of the document (named before or after) whose linked country is that country and
    whose title holds that role (any title for "counterpart"). Ambiguous: None."""
    country, words = None, []
    for token in part:
        if token.lower_ in _DETERMINERS:
            continue
        if token.ent_type_ in ("COUNTRY", "NORP"):
            ent = next((e for e in doc_ents(doc) if e.start <= token.i < e.end), None)
            name = None if ent is None else (ent._.newsclaims_country if ent.label_ == "NORP" else ent._.newsclaims_canonical or ent.text)
            if name is None or (country is not None and name != country):
                return None
            country = name
        elif country is None:
            return None  # the country comes first: "Turkey's president", not "president of ..."
        else:
            words.append(token.lower_)
    role = " ".join(words)
    if country is None or not (role == _COUNTERPART or role in lexicon.anaphoric_roles):
        return None
    found: dict[str, Span] = {}
    for e in doc_ents(doc):
        if e.label_ != "PERSON" or e._.newsclaims_country != country:
            continue
        title = (e._.newsclaims_role or "").lower()
        if title and (role == _COUNTERPART or role in lexicon.any_title_roles or role in title):
            found.setdefault(e._.newsclaims_canonical or e.text, e)
    return next(iter(found.values())) if len(found) == 1 else None


def _memo_local_pair(doc: Doc, phrase: Span, leaders: list[Span], reporters: frozenset[str],
                     lexicon: ActorLexicon) -> list[Span]:
    """:func:`_local_pair`, once per phrase (claims, positions and events all ask)."""
    ents = doc_ents(doc)
    if not doc.user_data.get(ENTS_FINAL):
        return _local_pair(doc, phrase, leaders, reporters, lexicon.pair_cues, lexicon.envoy_roles)

    def indices() -> list[int]:
        position = {(e.start, e.end): i for i, e in enumerate(ents)}
        pair = _local_pair(doc, phrase, leaders, reporters, lexicon.pair_cues, lexicon.envoy_roles)
        return [position[(e.start, e.end)] for e in pair]

    key = ("local_pair", phrase.start, phrase.end, reporters, tuple(e.start for e in leaders))
    return [ents[i] for i in doc_memo(doc, key, indices)]


def _local_pair(doc: Doc, phrase: Span, leaders: list[Span], reporters: frozenset[str],
                cues: frozenset[str], envoy_roles: frozenset[str] = frozenset()) -> list[Span]:
    """"The two diplomats agreed ..." in a round of bilaterals: the two people of the
    nearest sentence (this one or up to three before) that names exactly two, when one of
    them is a main leader (the host meets each guest in turn) and the sentence tells of
    them meeting (a ``pair_cues`` lemma: "met", "talks", "counterpart"); a sentence naming
    more stops the search. An envoy received by the host ("received Mrs. X, the outgoing
    envoy of Zambia") is not one of "the two leaders". Empty when the main leaders are meant."""
    key = lambda e: e._.newsclaims_canonical or e.text  # noqa: E731
    main = {key(e) for e in leaders}
    if not main:
        return []
    persons = [e for e in doc_ents(doc) if e.label_ == "PERSON" and e.start < phrase.start]
    sent = phrase.sent
    for step in range(ANAPHOR_SENTENCES):
        if step:
            if sent.start == 0:
                return []
            sent = doc[sent.start - 1].sent
        people: dict[str, Span] = {}
        for e in persons:
            if sent.start <= e.start and e.end <= min(sent.end, phrase.start) and key(e) not in reporters:
                people.setdefault(key(e), e)  # an antecedent comes before the phrase
        if len(people) > 2:
            return []
        if len(people) == 1 and len(main) == 1:
            # "In his talks with Antony Blinken, both sides ...": the protagonist and the guest met
            guest = next(iter(people.values()))
            if key(guest) not in main and _told_as_met(guest, cues) and not _envoy(guest, envoy_roles):
                return [leaders[0], guest]
        if len(people) == 2:
            guests = [e for name, e in people.items() if name not in main]
            if len(guests) == 1 and _told_as_met(guests[0], cues) and not _envoy(guests[0], envoy_roles):
                return list(people.values())
            return []
    return []


def _envoy(person: Span, roles: frozenset[str]) -> bool:
    role = (person._.newsclaims_role or "").lower()
    return any(r in role for r in roles)


def _told_as_met(person: Span, cues: frozenset[str]) -> bool:
    """The sentence tells of meeting this person: a meeting word heads the name ("met Park
    Jin", "talks with Blinken", "his Lao counterpart, Sonexay Siphandone")."""
    token = person.root
    for _ in range(6):
        if token.lemma_.lower() in cues or any(c.lemma_.lower() in cues for c in token.children if c.dep_ == "appos"):
            return True
        if token.head is token:
            return False
        token = token.head
    return False


def _antecedent_group(doc: Doc, phrase: Span, lexicon: ActorLexicon) -> list[Span]:
    """"They": the named people (two or three) of the nearest earlier sentence that names
    more than one, or the two main leaders after "the two leaders ..."."""
    sent = phrase.sent
    for _ in range(ANAPHOR_SENTENCES - 1):
        if sent.start == 0:
            return []
        sent = doc[sent.start - 1].sent
        people: dict[str, Span] = {}
        for e in doc_ents(doc):
            if e.label_ == "PERSON" and sent.start <= e.start and e.end <= sent.end:
                people.setdefault(e._.newsclaims_canonical or e.text, e)
        if 2 <= len(people) <= 3:
            return list(people.values())
        if len(people) > 3:
            return []
        text = sent.text.lower()
        if any(f"{p} " in text for p in lexicon.leader_phrases):
            return main_leaders(doc)
    return []


def _is_clause_subject(token: Token) -> bool:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def block_of(doc: Doc, char: int) -> int | None:
    """Id of the structure block containing character offset ``char`` (blocks are in text
    order: a binary search)."""
    blocks = doc._.newsclaims_blocks or []
    k = bisect_right(blocks, char, key=lambda b: b["start"]) - 1
    if k >= 0 and blocks[k]["start"] <= char < blocks[k]["end"]:
        return blocks[k]["id"]
    return None


def evidence(doc: Doc, start: int, end: int, rule: str) -> dict:
    """The evidence object every extracted record carries: block, offsets, rule id."""
    return {"block": block_of(doc, start), "start": start, "end": end, "rule": rule}


def evidence_spans(doc: Doc, records: list[dict], default_label: str) -> list[Span]:
    """One span per extracted record, over its evidence, labelled by its category:
    what the topics and positions extractors store in their span groups."""
    spans = []
    for record in records:
        ev = record["evidence"]
        span = doc.char_span(ev["start"], ev["end"], label=record.get("category") or default_label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans
