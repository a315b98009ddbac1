"""Agenda topics from tables, bullet lists and sentences (factory ``newsclaims_topics``).

Three extraction families, one small function each:

- ``table_topics``: a table whose first column header names agenda items ("Agenda Item",
  "Sector", "Topic", ...) and whose other columns are not actors gives one topic per row,
  with ``focus`` and ``outcome`` from the columns whose headers say so.
- ``list_topics``: a bullet list right after an introduction such as "Key topics addressed
  included:" gives one topic per item, labelled by the item's head noun phrase.
- ``sentence_topics``: "Discussions focused on key issues such as A, B, and C" and "talks
  centred on trade and energy" give one topic per coordinated item (dependency parse).
  The frames are data (``models/topics/cues.json``): discussion verbs with their
  preposition or object, discussion nouns ("held talks on", "exchanged views on", "with a
  focus on"), agenda places ("A was high on the agenda", "Among the items on the table
  were A and B"), subject verbs ("A was expected to come up"); transparent heads pass the
  list through ("how to deepen cooperation in A, B and C", "the subject of A"), a colon
  opens it ("across a range of sectors: A, B"), a gerund without one is an aim, not a topic.

Each topic gets a category from the taxonomy (``configs/taxonomy.json``). A label found
twice in one document is reported once, with the first evidence and the missing focus
or outcome filled from the later one. Results: ``doc._.newsclaims_topics`` (plain dicts
of :class:`pipeline.schema.Topic`) and the span group ``doc.spans["newsclaims_topics"]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import entities_in, evidence, evidence_spans, participle_clause, subtree_span
from .doccache import doc_ents, doc_text, tokens_with_lemma, tokens_within
from .paths import read_json
from .taxonomy import Taxonomy, lemma_of

SPAN_KEY = "newsclaims_topics"
ACTOR_LABELS = ("PERSON", "COUNTRY", "NORP")


@dataclass(frozen=True)
class TopicCues:
    agenda_headers: frozenset[str]
    focus_headers: frozenset[str]
    outcome_headers: frozenset[str]
    list_intro_lemmas: frozenset[str]
    prep_triggers: dict[str, frozenset[str]]
    object_triggers: frozenset[str]
    subject_include: frozenset[str]
    topic_subjects: frozenset[str]
    generic_heads: frozenset[str]
    example_markers: frozenset[str]
    copular_topic_nouns: frozenset[str]
    agenda_verbs: frozenset[str]
    noun_triggers: dict[str, frozenset[str]]
    transparent_heads: dict[str, frozenset[str]]
    transparent_words: frozenset[str]
    agenda_places: frozenset[str]
    subject_verbs: frozenset[str]
    empty_modifiers: frozenset[str] = frozenset()
    leading_markers: tuple[tuple[str, ...], ...] = ()
    trailing_markers: tuple[tuple[str, ...], ...] = ()
    raising_verbs: frozenset[str] = frozenset()
    ranking_verbs: frozenset[str] = frozenset()
    centre_verbs: frozenset[str] = frozenset()
    centre_nouns: frozenset[str] = frozenset()
    centre_of_nouns: frozenset[str] = frozenset()
    colon_list_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=None)
def load_cues(path: str | None = None) -> TopicCues:
    data = read_json(path, "topics", "cues.json")
    triggers = data["sentence_triggers"]
    return TopicCues(
        agenda_headers=frozenset(data["agenda_headers"]),
        focus_headers=frozenset(data["focus_headers"]),
        outcome_headers=frozenset(data["outcome_headers"]),
        list_intro_lemmas=frozenset(data["list_intro_lemmas"]),
        prep_triggers={verb: frozenset(preps) for verb, preps in triggers["prep"].items()},
        object_triggers=frozenset(triggers["object"]),
        subject_include=frozenset(triggers["subject_include"]),
        topic_subjects=frozenset(data["topic_subjects"]),
        generic_heads=frozenset(data["generic_heads"]),
        example_markers=frozenset(data["example_markers"]),
        copular_topic_nouns=frozenset(data["copular_topic_nouns"]),
        agenda_verbs=frozenset(data["agenda_verbs"]),
        noun_triggers={noun: frozenset(preps) for noun, preps in data["noun_triggers"].items()},
        transparent_heads={noun: frozenset(preps) for noun, preps in data["transparent_heads"].items()},
        transparent_words=frozenset(data["transparent_words"]),
        agenda_places=frozenset(data["agenda_places"]),
        subject_verbs=frozenset(data["subject_verbs"]),
        empty_modifiers=frozenset(data.get("empty_modifiers", {}).get("words", [])),
        leading_markers=_marker_phrases(data, "leading"),
        trailing_markers=_marker_phrases(data, "trailing"),
        raising_verbs=frozenset(data.get("raising_verbs", {}).get("words", [])),
        ranking_verbs=frozenset(data.get("ranking_verbs", {}).get("words", [])),
        centre_verbs=frozenset(data.get("centre_frames", {}).get("verbs", [])),
        centre_nouns=frozenset(data.get("centre_frames", {}).get("nouns", [])),
        centre_of_nouns=frozenset(data.get("centre_frames", {}).get("of_nouns", [])),
        colon_list_heads=frozenset(data.get("colon_lists", {}).get("heads", [])),
    )


def _marker_phrases(data: dict, key: str) -> tuple[tuple[str, ...], ...]:
    phrases = data.get("item_markers", {}).get(key, [])
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))  # longest first


def _without_markers(item: Span, cues: TopicCues) -> Span:
    """The item without a list marker before or after it ("chief among them A", "A in particular")."""
    for phrase in cues.leading_markers:
        n = len(phrase)
        if len(item) > n and tuple(t.lower_ for t in item[:n]) == phrase:
            item = item[n:]
            break
    for phrase in cues.trailing_markers:
        n = len(phrase)
        if len(item) > n and tuple(t.lower_ for t in item[len(item) - n:]) == phrase:
            item = item[: len(item) - n]
            break
    return item


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_topics"):
        Doc.set_extension("newsclaims_topics", default=None)


def header_key(text: str) -> str:
    """"Expected Outcomes" -> "expected outcome": lower case, a plural -s dropped per word."""
    words = [w.strip(".:*").lower() for w in text.replace("&", " ").split()]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w for w in words)


def _header_matches(text: str, cues: frozenset[str]) -> bool:
    key = header_key(text)
    return key in cues or any(word in cues for word in key.split())


def actor_columns(doc: Doc, block: dict) -> dict[int, list[Span]]:
    """Columns (index >= 1) whose header names an actor: a person, country or demonym
    ("Erdoğan’s Approach", "Turkey", "Russian Position")."""
    found: dict[int, list[Span]] = {}
    for col, (start, end) in enumerate(block.get("header_offsets") or []):
        if col == 0 or start >= end:
            continue
        ents = [e for e in doc_ents(doc) if e.start_char >= start and e.end_char <= end and e.label_ in ACTOR_LABELS]
        if ents:
            found[col] = ents
    return found


def is_agenda_table(doc: Doc, block: dict, cues: TopicCues) -> bool:
    columns = block["table"]["columns"]
    return bool(columns) and _header_matches(columns[0], cues.agenda_headers) and not actor_columns(doc, block)


def _column(columns: list[str], wanted: frozenset[str], skip: set[int]) -> int | None:
    for i, name in enumerate(columns):
        if i not in skip and _header_matches(name, wanted):
            return i
    return None


def table_topics(doc: Doc, block: dict, cues: TopicCues, taxonomy: Taxonomy, text: str | None = None) -> list[dict]:
    """One topic per body row of an agenda table. (``text`` is ``doc.text``, which spaCy
    rebuilds on every access: pass it when calling this in a loop.)"""
    text = doc_text(doc) if text is None else text
    columns = block["table"]["columns"]
    outcome_col = _column(columns, cues.outcome_headers, {0})
    focus_col = _column(columns, cues.focus_headers, {0} | ({outcome_col} if outcome_col is not None else set()))
    topics = []
    for row in block.get("cell_offsets") or []:
        if not row or row[0][0] >= row[0][1]:
            continue
        label_span = doc.char_span(row[0][0], row[0][1], alignment_mode="expand")
        row_span = doc.char_span(row[0][0], row[-1][1], alignment_mode="expand")
        if label_span is None or row_span is None:
            continue
        topics.append(
            _topic(
                label=text[row[0][0] : row[0][1]],
                category=taxonomy.classify(row_span, label_span),
                focus=_cell_text(text, row, focus_col),
                outcome=_cell_text(text, row, outcome_col),
                method="table",
                ev=evidence(doc, row[0][0], row[0][1], "table_row.v1"),
            )
        )
    return topics


def _cell_text(text: str, row: list, col: int | None) -> str | None:
    if col is None or col >= len(row) or row[col][0] >= row[col][1]:
        return None
    return text[row[col][0] : row[col][1]]


def _topic(label: str, category: str | None, focus: str | None, outcome: str | None, method: str, ev: dict) -> dict:
    return {"label": label, "category": category, "focus": focus, "outcome": outcome, "method": method, "evidence": ev}


def introduces_topics(doc: Doc, block: dict, cues: TopicCues) -> bool:
    """The paragraph before a list introduces topics: its last sentence ends with ":" and
    names topics or discussion ("Among the core topics addressed were:")."""
    span = doc.char_span(block["start"], block["end"], alignment_mode="expand")
    if span is None or not span.text.rstrip().endswith(":"):
        return False
    last = list(span.sents)[-1]
    return any(lemma_of(t) in cues.list_intro_lemmas for t in last)


def item_label(item: Span) -> Span:
    """The head noun phrase of a list item: "Joint border security initiatives designed to
    curb ..." -> "Joint border security initiatives"; "Enhancement of intelligence sharing
    mechanisms to preempt ..." -> "Enhancement of intelligence sharing mechanisms"."""
    root = _item_root(item)
    if root is not None and root.tag_ == "VBZ":
        # "Refugee returns to eastern Congo": a plural noun the tagger read as a verb.
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "compound", "amod") and c.left_edge.i == item.start]
        if subjects and not any(c.dep_ in ("dobj", "ccomp") for c in root.children):
            return item.doc[item.start : root.i + 1]
    if root is None or root.pos_ not in ("NOUN", "PROPN"):
        return _first_clause(item)
    end = root.i + 1
    token = root
    while True:  # follow "of" attachments: "Enhancement of X", "expansion of trade in Y"
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == end]
        objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if not objects:
            break
        token = objects[0]
        end = token.i + 1
    # "Security and defence", "Education and health": a coordinated noun stays in the label
    for conj in root.children:
        if conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN") and conj.i >= end and conj.i < item.end:
            if all(t.dep_ in ("cc", "amod", "compound") or t.is_punct for t in item.doc[end : conj.i]):
                end = conj.i + 1
    return item.doc[item.start : max(end, item.start + 1)]


def _item_root(item: Span) -> Token | None:
    for token in item:
        if token.head == token or token.head.i < item.start or token.head.i >= item.end:
            if not token.is_punct and not token.is_space:
                return token
    return None


def _first_clause(item: Span, max_tokens: int = 8) -> Span:
    end = item.start
    for token in item:
        if token.is_punct or token.dep_ in ("advcl", "relcl", "acl") or end - item.start >= max_tokens:
            break
        end = token.i + 1
    return item.doc[item.start : max(end, item.start + 1)]


def list_topics(doc: Doc, block: dict, cues: TopicCues, taxonomy: Taxonomy) -> list[dict]:
    topics = []
    for start, end in block["units"]:
        item = doc.char_span(start, end, alignment_mode="expand")
        if item is None:
            continue
        while len(item) > 1 and (item[-1].is_punct or item[-1].is_space):
            item = item[:-1]
        if not doc.has_annotation("DEP"):
            label = _first_clause(item)  # --fast: no parse to find the head noun phrase
        else:
            root = _item_root(item)
            if root is not None and root.pos_ in ("VERB", "AUX") and root.tag_ != "VBZ" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in root.children
            ):
                continue  # "Iran has repeatedly warned against ...": a statement, not a topic
            label = item_label(item)
        topics.append(
            _topic(
                label=label.text,
                category=taxonomy.classify(item, label, ties_to_none=" and " in label.text),
                focus=None,
                outcome=None,
                method="list",
                ev=evidence(doc, item.start_char, item.end_char, "list_item.v1"),
            )
        )
    return topics


def _is_topic_subject(verb: Token, cues: TopicCues) -> bool:
    """The verb talks about talks: its subject is "discussions", "the leaders", "both
    sides", named people or places ("Scholz and Zelenskyy discussed ..."), or it modifies
    such a noun ("talks focused on ...", "talks that took in ...", "an exchange of views
    covering ..."). A verb without a subject takes the one of the verb it completes ("The
    two leaders are expected to cover ...", "called a meeting to discuss ...")."""
    blocked = False  # climbed through a verb of commitment: only "the purpose ... is to" still counts
    first_verb = verb
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return not blocked and verb.head.lemma_.lower() in cues.topic_subjects  # "talks that took in A, B"
        if subjects:
            return not blocked and _subject_talks(verb, subjects[0], cues)
        # "talks focused on ...", "Lula-Ruto talks to centre on trade, climate" (headline)
        if not blocked and verb.dep_ in ("acl", "relcl", "xcomp") and verb.head.lemma_.lower() in cues.topic_subjects:
            return True
        if verb.dep_ not in ("conj", "xcomp", "advcl", "acomp") or verb.head is verb:
            return False
        dep, verb = verb.dep_, verb.head
        if verb.lemma_ == "be" and dep != "acomp":  # "The purpose of the trip is to build ... and to look for ..."
            return any(c.dep_ == "nsubj" and any(t.lemma_.lower() in cues.topic_subjects for t in c.subtree)
                       for c in verb.children)
        if dep == "advcl" and participle_clause(first_verb, fronted=True):
            continue  # "Raising A, the two sides voiced ...": a fronted participle shares the subject
        if dep == "advcl":  # "called an emergency meeting to discuss ...": the meeting's purpose
            if not blocked and any(c.dep_ == "dobj" and c.lemma_.lower() in cues.topic_subjects for c in verb.children):
                return True
            blocked = True  # "investors will meet to look at ...": someone else's purpose
        if dep == "xcomp" and verb.lemma_.lower() not in cues.raising_verbs:
            blocked = True  # "pledged to tackle corruption": a stance, unless a purpose frame is above
    return False


_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})


def _subject_talks(verb: Token, subject_token: Token, cues: TopicCues) -> bool:
    subject = subtree_span(subject_token)
    if any(t.lemma_.lower() in cues.topic_subjects or t.lower_ in cues.topic_subjects for t in subject):
        return True
    if _with_person(verb) and (subject_token.pos_ == "PRON" or any(e.label_ == "PERSON" for e in entities_in(subject))):
        return True  # "Trudeau raised human rights with Duterte"
    # Two or more named parties ("Scholz and Zelenskyy discussed ...", "he and King
    # Mswati held discussions"); one person addressing a crowd is not an agenda.
    parties = [e for e in entities_in(subject) if e.label_ in ("PERSON", "COUNTRY", "PLACE")]
    pronouns = [t for t in subject if t.pos_ == "PRON" and (t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children))]
    return len(parties) + len(pronouns) >= 2


def _with_person(verb: Token) -> bool:
    """The verb has a "with" phrase naming a person ("... with Duterte")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            if any(e.label_ == "PERSON" for e in entities_in(subtree_span(prep))):
                return True
    return False


def _trigger_starts(sent: Span, cues: TopicCues, verbs: Iterable[Token] | None = None) -> list[tuple[Token, str]]:
    """(first token of the topic list, rule) for each topic trigger in the sentence.
    ``verbs``: the sentence's tokens worth testing (default: all)."""
    found = []
    for verb in sent if verbs is None else verbs:
        lemma = verb.lemma_.lower()
        if verb.pos_ == "NOUN" and lemma in cues.noun_triggers:
            found += _noun_trigger_starts(verb, cues)
            continue
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        children = list(verb.children)
        if any(c.dep_ == "neg" for c in children):
            continue  # "the pair did not take up his wish to ...": not discussed
        particles = [c.lower_ for c in children if c.dep_ == "prt"]
        if particles and f"{lemma} {particles[0]}" in cues.object_triggers:
            lemma = f"{lemma} {particles[0]}"  # "took up A and B"
        elif not any(c.dep_ == "dobj" for c in children):
            # the parser reads the particle as a preposition: "talks that took in A, B"
            prep = next((c for c in children if c.dep_ == "prep" and f"{lemma} {c.lower_}" in cues.object_triggers
                         and c.i == verb.i + 1), None)
            if prep is not None and prep.i + 1 < sent.end and _is_topic_subject(verb, cues):
                found.append((verb.doc[prep.i + 1], "sentence_object.v1"))
                continue
        if lemma in cues.prep_triggers and _is_topic_subject(verb, cues):
            preps = [c for c in children if c.dep_ == "prep"]
            preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]  # "about A and about B"
            for prep in preps:
                if prep.lower_ in cues.prep_triggers[lemma] and prep.i + 1 < sent.end:
                    found.append((verb.doc[prep.i + 1], "sentence_focus.v1"))
        elif lemma in cues.object_triggers and _is_topic_subject(verb, cues):
            # a fronted participle's object is not the talks themselves ("Addressing a joint press conference, ...")
            fronted = participle_clause(verb, fronted=True)
            objects = [o for o in children if o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN") and not o.ent_type_
                       and not (fronted and o.lemma_.lower() in cues.topic_subjects)]
            found += [(o.left_edge, "sentence_object.v1") for o in objects]
        elif lemma == "include":
            subjects = [c for c in children if c.dep_ == "nsubj"]
            if subjects and subjects[0].lemma_.lower() in cues.subject_include:
                found += [(o.left_edge, "sentence_include.v1") for o in children if o.dep_ == "dobj"]
    return found


def _at_the_centre(children: list[Token], cues: TopicCues) -> Token | None:
    """The preposition of "at the centre of (their) talks", "at the top of the agenda": a
    place in the talks."""
    for prep in children:
        if prep.dep_ != "prep" or prep.lower_ not in ("at", "to", "on"):
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in cues.centre_nouns:
                of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                if any(g.lemma_.lower() in cues.centre_of_nouns for g in of):
                    return prep
    return None


def _noun_trigger_starts(noun: Token, cues: TopicCues) -> list[tuple[Token, str]]:
    """A discussion noun opens a topic list with its preposition: "held talks on A and
    B", "exchanged views on A", "with a strong focus on A", "Talks on A stalled". The noun
    must stand in a discussion frame: object of a verb whose subject talks about talks,
    the object of "with", "during", "in" or "at", or a subject itself."""
    head = noun.head
    framed = (
        (noun.dep_ == "dobj" and _is_topic_subject(head, cues))
        or (noun.dep_ == "pobj" and head.lower_ in ("with", "during", "in", "at", "after", "following"))
        or noun.dep_ in ("nsubj", "nsubjpass")
    )
    if not framed:
        return []
    preps = cues.noun_triggers[noun.lemma_.lower()]
    return [
        (noun.doc[prep.i + 1], "sentence_noun_focus.v1")
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.i + 1 < noun.sent.end
    ]


def _clause_subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is the complement of ("Security was
    expected to come up": "Security")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if verb.dep_ not in ("xcomp", "ccomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _subject_topics(sent: Span, cues: TopicCues, verbs: Iterable[Token] | None = None) -> list[tuple[Span, str]]:
    """Topics in subject position: "the war in Ukraine and X were raised", "Water was one
    of the most sensitive topics", "Air defence dominated the agenda"."""
    found = []
    for verb in sent if verbs is None else verbs:
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].pos_ == "PRON":
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in children):
            continue  # "Asked whether Ukraine had been discussed": a question, not an agenda
        centre = _at_the_centre(children, cues) if lemma in cues.centre_verbs else None
        objects = [o for o in children if o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN")]
        if centre is not None and objects and objects[0].i < centre.i:
            # "put A, B and C at the centre of their talks": the objects, up to the phrase
            found.append((verb.doc[objects[0].left_edge.i : centre.i], "sentence_centre.v1"))
            continue
        subject = subtree_span(subjects[0])
        if subjects[0].dep_ == "nsubjpass" and lemma in cues.object_triggers:
            found.append((subject, "sentence_passive.v1"))
        elif (lemma == "be" or lemma in cues.ranking_verbs) and _agenda_place(children, cues):
            found.append((subject, "sentence_agenda_place.v1"))  # "A ranked among the main issues"
        elif lemma == "be":
            attrs = [c for c in children if c.dep_ == "attr"]
            nouns = [t for a in attrs for t in subtree_span(a) if t.pos_ == "NOUN"]
            if any(n.lemma_.lower() in cues.copular_topic_nouns for n in nouns) and not subjects[0].ent_type_ == "PERSON":
                found.append((subject, "sentence_copula.v1"))
        elif lemma in cues.agenda_verbs:
            objects = [c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in ("agenda", "talk", "discussion", "meeting")]
            if objects:
                found.append((subject, "sentence_agenda.v1"))
    found += _subject_verb_topics(sent, cues, verbs)
    return found


def _detached_examples(subject: Span, cues: TopicCues) -> Span | None:
    """"Regional and global questions will be on the table, among them energy, trade and
    climate change": a generic subject whose examples come at the end of the clause; the
    examples are the topics (the span after the marker and its pronoun)."""
    root = subject.root
    if root.lemma_.lower() not in cues.generic_heads:
        return None
    doc, sent = subject.doc, subject.sent
    for token in doc[subject.end : sent.end]:
        if token.lemma_.lower() in cues.example_markers and token.dep_ == "prep" and doc[token.i - 1].text == ",":
            start = _after_marker_pronouns(doc, token.i + 1, sent.end)
            end = token.right_edge.i + 1
            return doc[start:end] if start < end else None
    return None


def _agenda_place(children: list[Token], cues: TopicCues) -> bool:
    """A copula that puts its subject on the agenda: "A was (high) on the agenda", "A
    was on the table", "Among the items on the table were A and B". The preposition may
    hang on the adjective ("high on the agenda")."""
    preps = children + [c for a in children if a.dep_ in ("acomp", "advmod") for c in a.children]
    for prep in preps:
        if prep.dep_ != "prep":
            continue
        objects = [o.lemma_.lower() for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "on" and any(o in cues.agenda_places for o in objects):
            return True
        if prep.lower_ == "among" and any(o in cues.copular_topic_nouns for o in objects):
            return True
    return False


def _subject_verb_topics(sent: Span, cues: TopicCues, verbs: Iterable[Token] | None) -> list[tuple[Span, str]]:
    """A topic as the subject of "come up", "feature", "figure": "Security in the Red Sea
    was expected to come up as well"."""
    found = []
    for verb in sent if verbs is None else verbs:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
        key = f"{lemma} {particles[0]}" if particles else lemma
        if key not in cues.subject_verbs or any(c.dep_ == "dobj" for c in verb.children):
            continue
        subject = _clause_subject(verb)
        if subject is not None and subject.pos_ in ("NOUN", "PROPN") and not subject.ent_type_ == "PERSON":
            found.append((subtree_span(subject), "sentence_subject_verb.v1"))
    return found


_TOPIC_PREPOSITIONS = frozenset({"on", "in", "about", "over", "regarding", "concerning"})
_LIST_ENDS = frozenset({";", ":", "—", "–", ".", "!", "?", "(", ")"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def surface_items(doc: Doc, start: int, end: int) -> list[Span]:
    """Split "A, B and the C of D" into items at commas and coordinators, stopping at the
    end of the list: closing punctuation, or an item that holds a finite verb (", officials
    said"). Surface splitting, because the small parser often misattaches conjuncts."""
    items, item_start = [], start
    serial = _serial_comma_list(doc, start, end)
    repeated = doc[start - 1].lower_ if start > 0 and doc[start - 1].pos_ == "ADP" else None
    for token in doc[start:end]:
        if token.text in _LIST_ENDS:
            items.append(doc[item_start : token.i])
            break
        if token.i < item_start:
            continue  # inside "as well as"
        pair = serial and token.i > 0 and doc[token.i - 1].text != ","  # "..., education and health, ..."
        if pair and repeated and token.i + 1 < end and doc[token.i + 1].lower_ == repeated:
            pair = False  # "in science and technology and in human resource development": "and in" opens an item
        if token.text == "," or (token.lower_ in ("and", "or") and token.dep_ == "cc" and not pair and not _joins_modifiers(token)):
            items.append(doc[item_start : token.i])
            item_start = token.i + 1
        elif _as_well_as(doc, token.i, end):
            items.append(doc[item_start : token.i])
            item_start = token.i + 3
    else:
        items.append(doc[item_start:end])
    items = _rejoin_inner_list(_rejoin_places(items))
    result = []
    for item in items:
        coordinated = item.start > start and (doc[item.start - 1].lower_ in ("and", "or") or _as_well_as(doc, item.start - 3, end))
        while len(item) and (item[0].is_punct or item[0].is_space or item[0].lower_ in ("and", "or", repeated)):
            coordinated = coordinated or item[0].lower_ in ("and", "or")
            item = item[1:]  # "on A and on B": the repeated preposition
        if coordinated and len(item) > 1 and item[0].lower_ in _TOPIC_PREPOSITIONS:
            item = item[1:]  # "cooperation in A and B, as well as on regional matters"
        while len(item) and (item[-1].is_space or item[-1].is_punct):
            item = item[:-1]
        if not len(item):
            continue
        if item[0].lower_ in ("which", "who", "while", "as", "but", "with", "according"):
            break
        relative = _relative_clause_start(item)
        if relative is not None:
            # "the value of cooperation that includes South Korea": the item ends there, so does the list
            head = doc[item.start : relative]
            if item[0].pos_ != "ADP" and any(t.pos_ in ("NOUN", "PROPN") for t in head):  # not ", in talks that ..."
                result.append(head)
            break
        if any(t.tag_ in _FINITE for t in item):
            break
        if any(t.pos_ in ("NOUN", "PROPN") for t in item):
            result.append(item)
    return result


def _serial_comma_list(doc: Doc, start: int, end: int) -> bool:
    """A list whose items are separated by commas, with a comma before the last "and"
    ("A, B and C, D, and E"): then an "and" without a comma joins a pair inside an item
    ("education and health")."""
    commas, serial = 0, False
    for token in doc[start:end]:
        if token.text in _LIST_ENDS or token.tag_ in _FINITE:
            break
        if token.text == ",":
            commas += 1
            following = doc[token.i + 1] if token.i + 1 < end else None
            serial = serial or (following is not None and following.lower_ in ("and", "or"))
    return serial and commas >= 2


def _joins_modifiers(cc: Token) -> bool:
    """"bilateral and regional matters", "security and defence cooperation": the
    conjunction joins modifiers of a noun that comes after it, so it splits nothing."""
    first = cc.head
    if first.dep_ not in ("amod", "compound", "nmod") or first.head.i <= cc.i or first.pos_ == "PROPN":
        return False  # "the war in Ukraine and rail links": a name is not a modifier here
    return any(c.dep_ == "conj" and cc.i < c.i < first.head.i for c in first.children)


def _relative_clause_start(item: Span) -> int | None:
    """Index of a relative pronoun that opens a clause with a finite verb inside the item."""
    for t in item:
        if t.tag_ in ("WDT", "WP") and t.i > item.start and any(u.tag_ in _FINITE for u in item.doc[t.i : item.end]):
            return t.i
    return None


def _as_well_as(doc: Doc, i: int, end: int) -> bool:
    return 0 <= i and i + 2 < end and doc[i].lower_ == "as" and doc[i + 1].lower_ == "well" and doc[i + 2].lower_ == "as"


_PLACE_LABELS = frozenset({"COUNTRY", "PLACE", "GPE", "LOC"})


def _rejoin_places(items: list[Span]) -> list[Span]:
    """Undo a split inside a place phrase: "attacks in Turkey" + "Paris" -> "attacks in
    Turkey and Paris". An item that is nothing but a place name continues the previous
    item when that one ends on a place after a preposition."""
    joined: list[Span] = []
    for item in items:
        prev = joined[-1] if joined else None
        if prev is not None and len(prev) >= 2 and _only_place(item) and _ends_on_place_object(prev):
            joined[-1] = prev.doc[prev.start : item.end]
        else:
            joined.append(item)
    return joined


def _rejoin_inner_list(items: list[Span]) -> list[Span]:
    """Undo a split inside the last object of a long item: "the roadmap for cooperation on
    investment in agriculture" + "fisheries" + "livestock rearing" is one item. The first
    item runs through two or more prepositions and every later item is a bare noun (no
    determiner, no preposition, at most two words): they continue the innermost list."""
    if len(items) < 2:
        return items
    first, rest = items[0], items[1:]
    preps = [t for t in first if t.dep_ == "prep"]
    if len(preps) < 2 or first[-1].dep_ != "pobj" or len(first) < 7:
        return items
    for item in rest:
        words = [t for t in item if not (t.is_punct or t.is_space or t.lower_ in ("and", "or"))]
        if not words or len(words) > 2 or any(t.pos_ in ("DET", "ADP", "PRON", "PROPN") for t in words):
            return items
    return [first.doc[first.start : rest[-1].end]]


def _only_place(item: Span) -> bool:
    words = [t for t in item if not (t.is_punct or t.is_space or t.lower_ in ("and", "or", "the"))]
    return bool(words) and all(t.ent_type_ in _PLACE_LABELS for t in words)


def _ends_on_place_object(item: Span) -> bool:
    last = item[-1]
    return last.ent_type_ in _PLACE_LABELS and any(a.dep_ == "prep" and a.i >= item.start for a in last.ancestors)


_MARKER_PRONOUNS = frozenset({"them", "these", "those", "which"})


def _after_marker_pronouns(doc: Doc, start: int, end: int) -> int:
    """The first index from ``start`` that is not the pronoun of an example marker ("among them")."""
    while start < end and doc[start].lower_ in _MARKER_PRONOUNS:
        start += 1
    return start


def _list_start(first: Token, cues: TopicCues) -> Token | None:
    """Where the items start. After "key issues such as" or "threats, including" when the
    phrase has examples; ``None`` for a bare generic head ("key issues") and for a gerund
    without examples ("centered around enhancing security": an aim, not a topic list)."""
    doc = first.doc
    if first.ent_type_ in ("DATE", "TIME"):
        return None  # "held talks on Saturday with X": a day, not a topic
    passed = _through_transparent(first, cues)
    if passed is None:
        return None
    first = passed
    after_colon = _list_after_colon(first)
    if after_colon is not None:
        return after_colon  # "looked at ... across a range of sectors: energy, trade, ..."
    for token in doc[first.i : first.sent.end]:
        if token.text in _LIST_ENDS or token.tag_ in _FINITE:
            break
        marker = token.lemma_.lower() in cues.example_markers and token.dep_ == "prep"
        if marker and token.lower_ == "among":
            # "the principal areas, among them A, B": examples of a generic head; "regional
            # developments, chief among them A" keeps its head as an item of its own
            marker = token.i > 1 and doc[token.i - 1].text == "," and doc[token.i - 2].lemma_.lower() in cues.generic_heads
        if marker and (token.lower_ != "as" or (token.i > 0 and doc[token.i - 1].lower_ == "such")):
            start = _after_marker_pronouns(doc, token.i + 1, first.sent.end)  # "the principal areas, among them A, B"
            return doc[start] if start < first.sent.end else None
    if first.tag_ == "VBG":
        return None
    head = first
    while head.dep_ in ("amod", "compound", "det", "poss", "nummod") and head.head.i > head.i:
        head = head.head
    return first


def _list_after_colon(first: Token) -> Token | None:
    """The first item of a list that a colon opens later in the clause, when what follows
    the colon is a list (a comma or "and" before any finite verb), not a quotation."""
    doc, end = first.doc, first.sent.end
    colon = next((t for t in doc[first.i : end] if t.text == ":"), None)
    if colon is None or colon.i + 2 >= end or doc[colon.i + 1].is_quote:
        return None
    for token in doc[colon.i + 1 : end]:
        if token.tag_ in _FINITE:
            return None
        if token.text == "," or token.lower_ == "and":
            return doc[colon.i + 1]
    return None


def _through_transparent(first: Token, cues: TopicCues) -> Token | None:
    """Pass a transparent head through to its list: "how to deepen cooperation in A, B"
    and "strengthening ties in A" -> A; "cooperation in A and B" -> A. A gerund whose
    object is not a transparent head is an aim ("enhancing regional security"): ``None``.
    Anything else is returned as it is."""
    doc, sent_end = first.doc, first.sent.end
    verb = None
    if first.lower_ in cues.transparent_words:  # "how to V", "ways to V"
        verb = next((t for t in doc[first.i + 1 : min(first.i + 4, sent_end)] if t.pos_ == "VERB"), None)
        if verb is None:
            return first
    elif first.tag_ == "VBG" or first.pos_ == "VERB":
        verb = first
    head = first
    if verb is not None:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not objects:
            passed = _pass_heads(verb, cues)  # "working together on A, B": a transparent verb
            if passed is not None:
                return passed
            return None if first.tag_ == "VBG" else first
        head = objects[0]
    passed = _pass_heads(head, cues)
    if passed is not None:
        return passed
    if verb is None:
        return first
    return None if first.tag_ == "VBG" else head.left_edge


def _pass_heads(head: Token, cues: TopicCues) -> Token | None:
    """The first token after a chain of transparent heads: "new fields of cooperation in
    aviation, ..." -> "aviation" (field of -> cooperation in -> ...); None when ``head``
    (or the noun it modifies) is not transparent."""
    doc, sent_end = head.doc, head.sent.end
    while (head.dep_ == "det" or (head.dep_ == "amod" and head.lower_ in cues.empty_modifiers)) and head.head.i > head.i:
        head = head.head  # "new fields" -> "fields"; not "bilateral ties in the region"
    passed = None
    for _ in range(3):
        preps = cues.transparent_heads.get(head.lemma_.lower(), frozenset())
        prep = next((p for p in head.children if p.dep_ == "prep" and p.lower_ in preps and p.i + 1 < sent_end
                     and not any(t.is_punct for t in doc[head.i + 1 : p.i])  # not ", in talks that ..."
                     and all(t.head.i == head.i or head.i < t.head.i < p.i for t in doc[head.i + 1 : p.i])), None)
        # (and nothing of the clause in between: "deepening cooperation still further on priorities")
        after = head.right_edge.i + 1
        if prep is None and passed is not None and after + 1 < sent_end and doc[after].lower_ in preps:
            prep = doc[after]  # "fields of cooperation in A": the parser hangs "in A" on "fields"
        if prep is None:
            break
        passed = doc[prep.i + 1]
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            break
        head = pobj
    return passed


def trigger_lemmas(cues: TopicCues) -> frozenset[str]:
    """The verb lemmas :func:`_trigger_starts` and :func:`_subject_topics` act on."""
    phrasal = {key.split()[0] for key in cues.object_triggers | cues.subject_verbs}
    return (frozenset(cues.prep_triggers) | cues.object_triggers | cues.agenda_verbs | frozenset(cues.noun_triggers)
            | phrasal | cues.ranking_verbs | cues.centre_verbs | {"include", "be"})


def sentence_topics(doc: Doc, block: dict, cues: TopicCues, taxonomy: Taxonomy,
                    verbs: list[int] | None = None) -> list[dict]:
    """Topics of a paragraph's sentences. ``verbs``: sorted indices of the document's
    tokens whose lemma is a trigger (:func:`trigger_lemmas`); default: test every token."""
    span = doc.char_span(block["start"], block["end"], alignment_mode="expand")
    if span is None:
        return []
    topics = []
    for sent in span.sents:
        candidates = None if verbs is None else tokens_within(doc, verbs, sent)
        spans: list[tuple[Span, str]] = []
        for first, rule in _trigger_starts(sent, cues, candidates):
            start = _list_start(first, cues)
            if start is not None:
                spans += [(item, rule) for item in surface_items(doc, start.i, _list_end(first, sent))]
        for colon in _agenda_colons(sent, cues):
            spans += [(item, "sentence_colon_list.v1") for item in surface_items(doc, colon.i + 1, sent.end)]
        for subject, rule in _subject_topics(sent, cues, candidates):
            subject = _detached_examples(subject, cues) or subject
            spans += [(item, rule) for item in surface_items(doc, subject.start, subject.end)]
        for item, rule in spans:
            item = _without_markers(item, cues)
            topics.append(
                _topic(
                    label=item.text,
                    category=taxonomy.classify(item, ties_to_none=" and " in item.text),
                    focus=None,
                    outcome=None,
                    method="sentence",
                    ev=evidence(doc, item.start_char, item.end_char, rule),
                )
            )
    return topics


def _list_end(first: Token, sent: Span) -> int:
    """Where a topic list may run to: the sentence's end, or the end of the fronted
    participle clause it stands in ("Raising A and B, the two sides voiced ...")."""
    for token in (first, *first.ancestors):
        if participle_clause(token, fronted=True):
            return min(sent.end, token.right_edge.i + 1)
    return sent.end


def _agenda_colons(sent: Span, cues: TopicCues) -> list[Token]:
    """"Three subjects took up most of the agenda: A, B and C": a colon right after an
    agenda noun opens the sentence's list of topics (``colon_lists`` of cues.json)."""
    if ":" not in sent.text:
        return []
    return [t for t in sent if t.text == ":" and t.i > sent.start and t.i + 1 < sent.end
            and sent.doc[t.i - 1].lemma_.lower() in cues.colon_list_heads]


def merge_topics(topics: list[dict]) -> list[dict]:
    """One topic per distinct label (case-insensitive), first evidence kept."""
    merged: dict[str, dict] = {}
    for topic in topics:
        key = " ".join(topic["label"].lower().split())
        if key not in merged:
            merged[key] = topic
            continue
        kept = merged[key]
        for field in ("focus", "outcome", "category"):
            if kept[field] is None and topic[field] is not None:
                kept[field] = topic[field]
    return list(merged.values())


class TopicsExtractor:
    def __init__(self, nlp: Language, name: str, cues_path: str | None, taxonomy_path: str | None):
        self.name = name
        self.cues = load_cues(cues_path)
        self.taxonomy = Taxonomy.from_path(taxonomy_path)
        self.trigger_lemmas = trigger_lemmas(self.cues)
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc._.newsclaims_blocks or []
        topics: list[dict] = []
        # Without a dependency parse (--fast) only tables and lists are read; spaCy 3.8
        # can crash on Token.children when sentence starts are set but nothing is parsed.
        parsed = doc.has_annotation("DEP")
        text = doc_text(doc)
        verbs = tokens_with_lemma(doc, self.trigger_lemmas) if parsed else []
        for i, block in enumerate(blocks):
            if block["kind"] == "table" and is_agenda_table(doc, block, self.cues):
                topics += table_topics(doc, block, self.cues, self.taxonomy, text)
            elif block["kind"] == "list" and i > 0 and introduces_topics(doc, blocks[i - 1], self.cues):
                topics += list_topics(doc, block, self.cues, self.taxonomy)
            elif block["kind"] in ("paragraph", "title") and parsed:
                topics += sentence_topics(doc, block, self.cues, self.taxonomy, verbs)
        topics = merge_topics(topics)
        doc._.newsclaims_topics = topics
        doc.spans[SPAN_KEY] = evidence_spans(doc, topics, "topic")
        return doc


@Language.factory("newsclaims_topics", default_config={"cues_path": None, "taxonomy_path": None})
def make_topics_extractor(nlp: Language, name: str, cues_path: str | None, taxonomy_path: str | None) -> TopicsExtractor:
    return TopicsExtractor(nlp, name, cues_path, taxonomy_path)
