"""Attributed claims: who says what, through which reporting cue, hedged or not
(factory ``newsclaims_claims``).

The component runs after ``newsclaims_linker`` and reads prose only (paragraphs and list
items): reporting verbs in headings, titles and table cells never make claims. Cue verbs,
cue phrases, speaker nouns, hedge words and modal rules are data
(``models/claims/cues.json`` and ``models/claims/hedges.json``, each with an "about"
key), matched on lower-case lemmas. One small function per extraction family; when two
families find the same text, the earlier one keeps it:

- :func:`quotation_claims`: a direct quotation next to its attribution, the speaker
  before or after it: “We will not be intimidated,” Zelenskyy said. / Scholz said:
  “Germany will not waver.” / “Relations are strong,” said Wang Yi. / Putin called the
  talks “very useful”. The text is what is inside the marks. A quotation split by its
  attribution (“A,” he said, “B.”) gives one claim per quoted part (each part is
  contiguous text of the speaker; joining them would put the attribution inside the
  claim), and a quotation that follows an attributed one, with nothing but that
  attribution between them (“A,” Wang said on Monday. “B.”), inherits its speaker and
  cue. Other quotations (scare quotes, unattributed quotes) are not claims.
- :func:`clause_claims`: SPEAKER CUE (that) CLAUSE, a cue verb (token ``Matcher``) with a
  clausal complement (``ccomp``, read off the tree by :func:`tree_pairs`): "Observers note that the summit marks ...",
  "Kremlin spokesman Dmitry Peskov told reporters that ...", "Lula said on Tuesday that
  ...", "The talks were constructive, Peskov said", "..., adding that ...". The text is
  the clause without "that", up to a trailing concessive of the writer (", although no
  timeline was announced"). A cue without a clause is not a claim ("The leaders said
  goodbye.", "He noted the date.", "urged partners to ..."), nor is an indirect question
  ("highlighting where both countries can ..."). "It is widely believed that ..." is
  extracted with speaker null, type ``unattributed``: it asserts a claim without a
  source, which is worth surfacing.
- :func:`parenthetical_claims`: "Diplomatic engagement, they argue, must go beyond ..."
  (cue verb in ``parataxis``) and "As Putin noted, the corridor ..." (an ``as`` clause).
- :func:`according_to_claims`: "According to officials, the deal was signed." / "The deal
  was signed, according to Chinese Foreign Ministry spokesperson Mao Ning."
- :func:`evidential_claims`: unattributed reports, "Chinese negotiators are reported to
  have held out ..." and "The meeting was reportedly arranged ..." (speaker null).

For the attributions that sit inside their host clause (the last three families), the
text is the rest of the clause when the attribution opens or closes it. When it
interrupts the clause between subject and predicate ("Diplomatic engagement, they argue,
must go beyond ...", "The deal, according to officials, was signed") the text is the
whole clause minus final punctuation, attribution included: the content is not
contiguous, and the part after the parenthetical ("must go beyond ...") has lost its
subject. When it follows a complete clause ("The market is heading for a glut, analysts
say, as ...") the text is that clause. These are the only claims whose text can contain
their attribution.

Speakers: the subject of the cue verb (or of the verb a participle or conjunct hangs
from), or the object of "according to". Named speakers and "both leaders" are resolved
with :func:`pipeline.actors.resolve_phrase`; a person's title is dropped from the speaker
text ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov"), and several people speaking
together are a ``group``. Unnamed speakers are typed by their head noun (see cues.json):
officials, diplomats and ministries get the country or person named around them
("Officials in Berlin" -> Germany, "Macron’s aides" -> Macron); experts and analysts get
none; one unnamed individual is a ``person``; statements and figures take the type of
their source ("a statement from the Egyptian presidency" -> country Egypt, "a joint
statement" -> both leaders' countries, "official figures" -> unattributed). Subjects that
are not speakers are dropped ("The meeting underscores that ...").

Pronouns: "they" is resolved to the nearest earlier group speaker of a claim in the same
block, else in the previous block; "he"/"she" (and "his office") to the nearest earlier
person (a claim's speaker, or a person named in an earlier sentence). When the nearest
sentence with a candidate holds two different ones, the pronoun is ambiguous and gets no
canonical names. The pronoun stays the speaker text; its type is that of the pronoun
(they: group, he/she: person) and it takes the antecedent's canonical names (an
entity-less group such as "Experts" has none).

Hedging (hedges.json): a hedging modal (could, may, might, would) or hedge lemma (likely,
perhaps, appear, signal, ...) on the claim's main predicates, or a hedging cue
("suggest"). "would" in indirect speech after a past-tense cue is the past of "will"
("Lula said that Brazil would not take sides") and is not a hedge. Cue verbs inside a
direct quotation are not attributions of their own (the quotation is the claim).

Results: ``doc._.newsclaims_claims`` (plain dicts with exactly the fields of
:class:`pipeline.schema.Claim`) and the span group ``doc.spans["newsclaims_claims"]``
(label = speaker type). A Doc without tags and a dependency parse gets no claims. The
data is read once per process; per document, text, sentences, entities and blocks are
indexed once (:class:`_DocIndex`) and every rule works sentence-locally.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .actors import (
    COUNTRY,
    GROUP,
    ORGANIZATION,
    PERSON,
    UNATTRIBUTED,
    ActorLexicon,
    block_of,
    main_leaders,
    resolve_phrase,
    subtree_span,
)
from .doccache import clause_roots, doc_ents, doc_text, tokens_with_lemma
from .setting import find_dateline, first_paragraph, headline_and_lead
from .gazetteer import Gazetteer
from .paths import models_dir

SPAN_KEY = "newsclaims_claims"
PROSE_KINDS = frozenset({"paragraph", "list"})
NAME_LABELS = frozenset({"PERSON", "ORG", "COUNTRY", "PLACE"})
# Dependents of a cue verb that belong to the attribution, not to the claim: what may
# stand between a quotation and its verb ("“...,” Zelenskyy told reporters on Monday").
ATTRIBUTION_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "prep", "dobj", "dative", "prt", "agent", "expl", "compound"}
)
# Dependents a parenthetical cue verb may have ("..., they argue, ...", "..., he told reporters, ...").
PARENTHETICAL_DEPS = frozenset({"nsubj", "punct", "advmod", "npadvmod", "aux", "neg", "prep", "dative", "mark", "prt"})
# Dependents of a main predicate that carry its modality ("could serve", "is likely to",
# "was a signal that", "would probably collapse").
HEDGE_DEPS = frozenset({"aux", "auxpass", "advmod", "acomp", "attr", "xcomp", "oprd"})
QUOTE_WINDOW = 12  # tokens between a quotation mark and its reporting verb, at most
_SENTENCE_END = frozenset(".!?")
_EDGE_PUNCT = " \t\r\n.,;:!?…—–"
SOURCE = "source"  # internal kind of statement/figure nouns, replaced by their source's type


class ClaimsDataError(ValueError):
    """A claims data file is missing or malformed; the message starts with its code."""


@dataclass(frozen=True)
class ClaimCues:
    """The rule data of the claims extractor (see the "about" keys of the two files)."""

    verbs: frozenset[str]
    cue_spelling: tuple[tuple[str, str], ...]
    phrasal_verbs: tuple[tuple[str, str], ...]  # (verb lemma, particle)
    phrases: tuple[tuple[str, ...], ...]  # lower-case words: ("according", "to")
    parenthetical_marks: frozenset[str]
    raising_verbs: frozenset[str]
    evidential_adverbs: tuple[tuple[str, str], ...]  # adverb -> cue
    hedging_verbs: frozenset[str]
    pronoun_speakers: tuple[tuple[str, str], ...]  # pronoun -> speaker type
    resolved_pronouns: frozenset[str]
    possessive_pronouns: tuple[tuple[str, str], ...]  # "his" -> "he"
    government_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    official_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    person_nouns: frozenset[str]
    source_nouns: frozenset[str]
    joint_markers: frozenset[str]
    non_speakers: frozenset[str]
    expletive_subjects: frozenset[str]
    interrogative_markers: frozenset[str]
    writer_adjunct_marks: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]
    modals: frozenset[str]
    backshifted_modals: frozenset[str]
    hedge_lemmas: frozenset[str]
    description_verbs: frozenset[str] = frozenset()
    description_blockers: frozenset[str] = frozenset()
    noun_clause_verbs: tuple[tuple[str, str], ...] = ()  # verb lemma -> cue ("give" -> "assure")
    noun_clause_lemmas: frozenset[str] = frozenset()  # the verb lemmas of noun_clause_verbs
    noun_clause_nouns: frozenset[str] = frozenset()
    home_bodies: tuple[str, ...] = ()

    def cue(self, lemma: str) -> str:
        """The cue as reported: US spelling ("emphasise" -> "emphasize")."""
        return dict(self.cue_spelling).get(lemma, lemma)


_CUES_KEYS = tuple(
    "verbs cue_spelling phrasal_verbs phrases parenthetical_marks raising_verbs evidential_adverbs hedging_verbs "
    "pronoun_speakers resolved_pronouns possessive_pronouns government_nouns organization_nouns official_nouns "
    "collective_nouns person_nouns source_nouns joint_markers non_speakers expletive_subjects interrogative_markers "
    "writer_adjunct_marks quote_pairs".split()
)
_HEDGES_KEYS = ("modals", "backshifted_modals", "hedge_lemmas")


def _cues_file(path: str | None) -> Path:
    return Path(path) if path else models_dir() / "claims" / "cues.json"


def _hedges_file(path: str | None) -> Path:
    return Path(path) if path else models_dir() / "claims" / "hedges.json"


def _read_data(file: Path, keys: tuple[str, ...]) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClaimsDataError(
            f"[claims.E001] {file} does not exist. Pass an existing JSON file as cues_path/hedges_path, "
            "or null for the bundled models/claims/ files."
        ) from None
    except json.JSONDecodeError as exc:
        raise ClaimsDataError(f"[claims.E002] {file} is not valid JSON ({exc}). Fix the file or pass another one.") from None
    missing = [k for k in keys if k not in data] if isinstance(data, dict) else list(keys)
    if missing:
        raise ClaimsDataError(
            f"[claims.E003] {file} lacks the key(s) {missing}. See the 'about' key of the bundled "
            "models/claims/ files for the expected format."
        )
    return data


def _lower_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _lower_map(values: dict) -> tuple[tuple[str, str], ...]:
    return tuple((k.lower(), v.lower()) for k, v in values.items())


@lru_cache(maxsize=None)
def load_claim_cues(cues_path: str | None = None, hedges_path: str | None = None) -> ClaimCues:
    """Read ``models/claims/cues.json`` and ``hedges.json`` (or the given files) once per process."""
    cues_file, hedges_file = _cues_file(cues_path), _hedges_file(hedges_path)
    cues = _read_data(cues_file, _CUES_KEYS)
    hedges = _read_data(hedges_file, _HEDGES_KEYS)
    phrasal = []
    for phrase in cues["phrasal_verbs"]:
        words = phrase.lower().split()
        if len(words) != 2:
            raise ClaimsDataError(
                f"[claims.E004] phrasal verb {phrase!r} in {cues_file} must be two words, a verb lemma and its "
                "particle ('point out')."
            )
        phrasal.append((words[0], words[1]))
    pairs = []
    for pair in cues["quote_pairs"]:
        if len(pair) != 2 or any(len(mark) != 1 for mark in pair):
            raise ClaimsDataError(
                f"[claims.E005] quote pair {pair!r} in {cues_file} must be two one-character marks, e.g. [\"“\", \"”\"]."
            )
        pairs.append((pair[0], pair[1]))
    return ClaimCues(
        verbs=_lower_set(cues["verbs"]),
        cue_spelling=_lower_map(cues["cue_spelling"]),
        phrasal_verbs=tuple(phrasal),
        phrases=tuple(tuple(p.lower().split()) for p in cues["phrases"]),
        parenthetical_marks=_lower_set(cues["parenthetical_marks"]),
        raising_verbs=_lower_set(cues["raising_verbs"]),
        evidential_adverbs=_lower_map(cues["evidential_adverbs"]),
        hedging_verbs=_lower_set(cues["hedging_verbs"]),
        pronoun_speakers=_lower_map(cues["pronoun_speakers"]),
        resolved_pronouns=_lower_set(cues["resolved_pronouns"]),
        possessive_pronouns=_lower_map(cues["possessive_pronouns"]),
        government_nouns=_lower_set(cues["government_nouns"]),
        organization_nouns=_lower_set(cues["organization_nouns"]),
        official_nouns=_lower_set(cues["official_nouns"]),
        collective_nouns=_lower_set(cues["collective_nouns"]),
        person_nouns=_lower_set(cues["person_nouns"]),
        source_nouns=_lower_set(cues["source_nouns"]),
        joint_markers=_lower_set(cues["joint_markers"]),
        non_speakers=_lower_set(cues["non_speakers"]),
        expletive_subjects=_lower_set(cues["expletive_subjects"]),
        interrogative_markers=_lower_set(cues["interrogative_markers"]),
        writer_adjunct_marks=_lower_set(cues["writer_adjunct_marks"]),
        quote_pairs=tuple(pairs),
        home_bodies=tuple(w.lower() for w in cues.get("home_bodies", {}).get("phrases", ())),
        modals=_lower_set(hedges["modals"]),
        backshifted_modals=_lower_set(hedges["backshifted_modals"]),
        hedge_lemmas=_lower_set(hedges["hedge_lemmas"]),
        description_verbs=_lower_set(cues.get("description_verbs", {}).get("words", [])),
        description_blockers=_lower_set(cues.get("description_verbs", {}).get("not_with_particles_or_prepositions", [])),
        noun_clause_verbs=_lower_map(cues.get("noun_clauses", {}).get("verbs", {})),
        noun_clause_lemmas=_lower_set(cues.get("noun_clauses", {}).get("verbs", {})),
        noun_clause_nouns=_lower_set(cues.get("noun_clauses", {}).get("nouns", [])),
    )


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_claims"):
        Doc.set_extension("newsclaims_claims", default=None)


# --- text helpers (no model needed) ------------------------------------------------------


def find_quotations(text: str, start: int, end: int, pairs: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
    """Inner ``(start, end)`` offsets of the quotations in ``text[start:end]``, in order.

    Curly marks pair an opener with the next closer (a second opener restarts the
    quotation); a straight mark opens and the next one closes. Unclosed marks are ignored.

    >>> t = '“A,” he said, “B.”'
    >>> [t[a:b] for a, b in find_quotations(t, 0, len(t), [("“", "”")])]
    ['A,', 'B.']
    >>> find_quotations('He said "no" and "yes"', 0, 22, [('"', '"')])
    [(9, 11), (18, 21)]
    >>> find_quotations('“Unclosed and “closed”', 0, 22, [("“", "”")])
    [(15, 21)]
    """
    openers = {o: c for o, c in pairs}
    closers = {c for _, c in pairs}
    open_at: dict[str, int] = {}  # closing mark -> offset of the pending opening mark
    found = []
    for i in range(start, end):
        ch = text[i]
        if ch in openers and openers[ch] == ch:  # a straight mark: opens, or closes its twin
            if ch in open_at:
                found.append((open_at.pop(ch) + 1, i))
            else:
                open_at[ch] = i
        elif ch in openers:
            open_at[openers[ch]] = i
        elif ch in closers and ch in open_at:
            found.append((open_at.pop(ch) + 1, i))
    return sorted(found)


def trim_content(text: str, start: int, end: int, pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """Shrink ``[start, end)`` to the claim proper: from its first to its last word, without
    surrounding white space, punctuation or quotation marks. A closing mark at the end is
    dropped even when its quotation opened inside the claim (data/gold/README.md).

    >>> t = '“We will not be intimidated,”'
    >>> s, e = trim_content(t, 0, len(t), [("“", "”")]); t[s:e]
    'We will not be intimidated'
    >>> t = 'Ankara would “always stand with its brothers.”'
    >>> s, e = trim_content(t, 0, len(t), [("“", "”")]); t[s:e]
    'Ankara would “always stand with its brothers'
    >>> t = ', the deal was signed.'
    >>> s, e = trim_content(t, 0, len(t), [("“", "”")]); t[s:e]
    'the deal was signed'
    """
    marks = "".join(o + c for o, c in pairs)
    lead, trail = _EDGE_PUNCT + marks, _EDGE_PUNCT + marks
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in trail:
        end -= 1
    return start, end


def enough_words(text: str, minimum: int = 1) -> bool:
    """A claim says something: at least ``minimum`` words.

    >>> enough_words("—"), enough_words("historic")
    (False, True)
    """
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w)) >= minimum


class _Intervals:
    """Sorted, non-overlapping half-open character ranges with a fast membership test."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        ranges = sorted(ranges)
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]

    def find(self, char: int) -> int | None:
        i = bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.ends[i] else None

    def __contains__(self, char: int) -> bool:
        return self.find(char) is not None


class _Prose:
    """Which parts of the document are prose (paragraphs and list items)."""

    def __init__(self, doc: Doc):
        blocks = doc._.newsclaims_blocks if Doc.has_extension("newsclaims_blocks") else None
        if not blocks:  # the structure component did not run: the whole text is one paragraph
            self.units = [(0, len(doc_text(doc)))]
        else:
            # A headline read as a one-line paragraph is no claim ("China hopes ..., says ministry").
            headline = next((b for b in headline_and_lead(doc)[:1] if b["kind"] == "paragraph" and b is not first_paragraph(doc)), None)
            self.units = [tuple(u) for b in blocks if b["kind"] in PROSE_KINDS and b is not headline for u in b["units"]]
        self._index = _Intervals(self.units)

    def unit_of(self, char: int) -> int | None:
        return self._index.find(char)

    def __contains__(self, char: int) -> bool:
        return char in self._index


_PARAGRAPH_LABEL = re.compile(r"[A-Z][A-Z .'’&-]{1,40}:\s+(?=[A-Z“\"])")


class _DocIndex:
    """Per-document lookups, built once per call so that no rule rescans the document:
    ``doc.text``, ``doc.sents`` and ``doc.ents`` are rebuilt by spaCy on every access."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.sent_starts = [s.start for s in doc.sents]
        self.ents = doc_ents(doc)
        self.ent_starts = [e.start for e in self.ents]
        self._leaders: list[Span] | None = None
        blocks = (doc._.newsclaims_blocks if Doc.has_extension("newsclaims_blocks") else None) or []
        self._blocks = _Intervals((b["start"], b["end"]) for b in blocks)
        self._block_ids = [b["id"] for b in sorted(blocks, key=lambda b: b["start"])]

    def block(self, char: int) -> int | None:
        """Id of the block holding ``char``, by bisection (same answer as
        :func:`pipeline.actors.block_of`, which scans the blocks)."""
        k = self._blocks.find(char)
        return self._block_ids[k] if k is not None else None

    def label_end(self, char: int) -> int:
        """End of the capitals label that opens the paragraph holding ``char`` ("GERMANY:
        Stefan Kornelius ... said", a round-up's section by country), else 0."""
        k = self._blocks.find(char)
        if k is None:
            return 0
        match = _PARAGRAPH_LABEL.match(self.text, self._blocks.starts[k], self._blocks.ends[k])
        return match.end() if match else 0

    def sentence(self, i: int) -> tuple[int, int]:
        """Token range of the sentence of token ``i``."""
        k = bisect_right(self.sent_starts, i) - 1
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return self.sent_starts[k], end

    def sentence_start_char(self, i: int) -> int:
        return self.doc[self.sentence(i)[0]].idx

    def sentence_root(self, i: int) -> Token:
        start, end = self.sentence(i)
        return next((t for t in self.doc[start:end] if t.head.i == t.i), self.doc[i])

    def entities_in(self, span: Span) -> list[Span]:
        found = []
        for k in range(bisect_left(self.ent_starts, span.start), len(self.ents)):
            ent = self.ents[k]
            if ent.start >= span.end:
                break
            if ent.end <= span.end:
                found.append(ent)
        return found

    @property
    def leaders(self) -> list[Span]:
        """The people "both leaders" refers to (:func:`pipeline.actors.main_leaders`)."""
        if self._leaders is None:
            self._leaders = main_leaders(self.doc)
        return self._leaders


# --- dependency helpers ------------------------------------------------------------------


def speaker_span(token: Token) -> Span:
    """The speaker phrase headed by ``token``, without a relative clause, apposition or
    trailing comma: "Peskov, who spoke after the talks," -> "Peskov"; "Dmitry Peskov, the
    Kremlin spokesman," -> "Dmitry Peskov"; "Putin and Erdoğan" stays whole."""
    doc = token.doc
    left = token.left_edge.i
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    right = token.i
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis") or (child.is_punct and child.dep_ == "punct"):
            break
        right = child.right_edge.i
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if token.dep_ == "nsubj":
        # "Hasina and her Indian counterpart | Narendra Modi have expressed": the parser's
        # second subject right after the first is the rest of the coordination
        following = next((c for c in token.head.children if c.dep_ == "nsubj" and c.i > token.i), None)
        if following is not None and following.left_edge.i == token.right_edge.i + 1 and following.i < token.head.i:
            right = following.i
    return doc[left : right + 1]


def subject_of(verb: Token, depth: int = 0, outside: tuple[int, int] | None = None) -> Token | None:
    """The subject of a cue verb, or of the verb a participle/conjunct/complement hangs
    from: "..., said Wang Yi, adding that ..." -> Yi; "Putin arrived and said ..." -> Putin.
    ``outside``: character offsets of the quotation the verb reports, whose words the small
    parser may take as a second subject (“Broad talks between ...,” the ministry posted)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (outside is None or not outside[0] <= child.idx < outside[1]):
            return child
    for child in verb.lefts:  # “...,” Tinubu joked: the small parser can read the name as a compound
        if child.dep_ == "compound" and child.ent_type_ == "PERSON" and child.i == verb.i - 1:
            return child
    if depth < 2 and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    return None


def is_past(verb: Token) -> bool:
    """Past-tense reporting ("said", "had said", "..., adding" after "said"): the frame in
    which "would" is the past of "will"."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return True
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i and verb.tag_ in ("VBG", "VB", "VBN"):
        return is_past(verb.head)
    return False


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def _around(index: _DocIndex, host: Token, attribution: tuple[int, int]) -> tuple[int, int]:
    """Token range of the claim in a host clause that contains its attribution (module
    docstring): the rest of the clause when the attribution opens or closes it; the
    complete clause before it ("The market is heading for a glut, analysts say, as ...");
    else the whole clause ("Diplomatic engagement, they argue, must go beyond ...")."""
    doc = index.doc
    a_start, a_end = attribution
    # "..., analysts say, as new terminals come online": the parser may hang the
    # attribution on the subordinate clause it opens; the host is the clause above.
    while host.dep_ in ("advcl", "conj") and host.head.i != host.i and not _has_words(doc, host.left_edge.i, a_start):
        host = host.head
    h_start, h_end = _subtree_range(host)
    if not h_start <= a_start < a_end <= h_end:
        h_start, h_end = index.sentence(host.i)
    if not _has_words(doc, h_start, a_start):
        return a_end, h_end
    if not _has_words(doc, a_end, h_end) or _has_clause(doc, h_start, a_start):
        return h_start, a_start
    return h_start, h_end


def _has_clause(doc: Doc, start: int, end: int) -> bool:
    """A complete clause in ``doc[start:end]``: a verb with its subject inside the range
    ("The deal was signed", but not "Diplomatic engagement")."""
    return any(
        t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") and start <= c.i < end for c in t.children)
        for t in doc[start:end]
    )


def _has_words(doc: Doc, start: int, end: int) -> bool:
    return any(t.is_alpha or t.is_digit for t in doc[start:end])


@dataclass
class _Found:
    """A claim before trimming, speaker resolution and hedging."""

    start: int  # character offsets of the content
    end: int
    speaker: Span | None
    cue: str
    verb: Token | None  # the cue verb (None for "according to" and evidential adverbs)
    reported: bool  # indirect speech: a backshifted "would" is not a hedge
    rule: str


# --- extraction families ------------------------------------------------------------------


def cue_name(verb: Token, cues: ClaimCues) -> str | None:
    """The cue of a verb: its lemma in US spelling, or "point out" for "pointed out"."""
    lemma = verb.lemma_.lower()
    for head, particle in cues.phrasal_verbs:
        if lemma == head and any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
            return f"{head} {particle}"
    return cues.cue(lemma) if lemma in cues.verbs else None


def _attribution_tokens(verb: Token) -> set[int]:
    allowed = {verb.i}
    for child in verb.children:
        if child.dep_ in ATTRIBUTION_DEPS:
            allowed.update(range(child.left_edge.i, child.right_edge.i + 1))
    return allowed


def _reports_only_quotes(verb: Token, quoted: _Intervals) -> bool:
    """A verb with a clausal complement outside every quotation reports that clause."""
    return all(c.idx in quoted for c in verb.children if c.dep_ == "ccomp")


def _between_ok(doc: Doc, a: int, b: int, verb: Token, allow_sentence_end: bool = False) -> bool:
    allowed = _attribution_tokens(verb)
    for t in doc[a:b]:
        if t.text in _SENTENCE_END and not allow_sentence_end:
            return False
        if not (t.is_punct or t.is_space or t.i in allowed):
            return False
    return True


def quotation_claims(doc: Doc, quotes: list[tuple[int, int]], verbs: dict[int, Token], prose: _Prose,
                     cues: ClaimCues) -> list[_Found]:
    """Direct quotations with a reporting verb right after (“...,” Zelenskyy said; “...,”
    said Wang Yi) or right before (Scholz said: “...”). Only attribution words (subject,
    "told reporters", "on Monday") and punctuation may stand between mark and verb. A
    quotation right after an attributed one and its attribution continues it."""
    starts = doc.to_array("IDX").tolist()  # without building a Token per token
    quoted = _Intervals((a - 1, b + 1) for a, b in quotes)
    found = []
    previous: tuple[int, int | None, Token] | None = None  # (closing-mark token index, unit, verb)
    for q_start, q_end in quotes:
        unit = prose.unit_of(q_start)
        first_after = bisect_left(starts, q_end + 1)  # first token after the closing mark
        last_before = bisect_left(starts, q_start - 1) - 1  # last token before the opening mark
        verb = None
        for j in range(first_after, min(first_after + QUOTE_WINDOW, len(doc))):
            if doc[j].text in _SENTENCE_END:
                break
            if j in verbs:
                candidate = verbs[j]
                if _between_ok(doc, first_after, j, candidate) and _reports_only_quotes(candidate, quoted):
                    verb = candidate
                break
        if verb is None:
            for j in range(last_before, max(last_before - QUOTE_WINDOW, -1), -1):
                if j in verbs:
                    candidate = verbs[j]
                    if _participle_modifier(candidate):
                        continue  # "Modi wrote in a message posted on X, “...”": the message's participle
                    if _between_ok(doc, j + 1, last_before + 1, candidate) and _reports_only_quotes(candidate, quoted):
                        verb = candidate
                    break
        if verb is None and previous is not None and previous[1] == unit:
            # “A,” Wang Yi said on Monday. “B.” -> B continues A.
            if _between_ok(doc, previous[0] + 1, last_before + 1, previous[2], allow_sentence_end=True):
                verb = previous[2]
        continued = False
        if (verb is None and previous is not None and unit is not None and previous[1] == unit - 1
                and _whole_unit(prose, unit, q_start, q_end, doc_text(doc))
                and _between_ok(doc, previous[0] + 1, bisect_left(starts, prose.units[unit - 1][1]), previous[2],
                                allow_sentence_end=True)):
            # “A,” Albanese said. / “B.” (a paragraph that is only a quotation) -> B continues A
            verb, continued = previous[2], True
        if verb is None or (prose.unit_of(verb.idx) != unit and not continued):
            previous = None
            continue
        subject = subject_of(verb, outside=(q_start, q_end))
        if subject is None:
            previous = None
            continue
        found.append(_Found(q_start, q_end, speaker_span(subject), cue_name(verb, cues), verb, False, "quotation"))
        previous = (first_after - 1, unit, verb)
    return found


def _whole_unit(prose: "_Prose", unit: int, q_start: int, q_end: int, text: str) -> bool:
    """The paragraph is the quotation and nothing else (its marks and final stop aside)."""
    a, b = prose.units[unit]
    before, after = text[a : q_start - 1], text[q_end + 1 : b]
    return not before.strip() and not after.strip(" \n.!?”\"")


def _participle_modifier(verb: Token) -> bool:
    """A cue verb that only describes a noun ("a message posted on X"): nobody speaks it."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _cut_writer_adjunct(doc: Doc, clause: Token, end: int, cues: ClaimCues) -> int:
    """End the claim before ", although ..." (the writer's remark, not the speaker's)."""
    for child in clause.rights:
        if child.dep_ != "advcl":
            continue
        first = doc[child.left_edge.i]
        before = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if first.lower_ in cues.writer_adjunct_marks and before is not None and before.text == ",":
            return min(end, before.i)
    return end


def clause_claims(doc: Doc, matches: list[tuple[Token, Token]], attributed: _Intervals, cues: ClaimCues) -> list[_Found]:
    """SPEAKER CUE (that) CLAUSE, the clause before or after the verb; "It is widely
    believed that ..." (expletive subject, passive) is unattributed unless a "by" agent
    names the speaker."""
    found = []
    for verb, clause in matches:
        if clause.idx in attributed:  # the quotation is the claim
            continue
        start, end = _subtree_range(clause)
        if start <= verb.i < end:
            continue
        end = _cut_writer_adjunct(doc, clause, end, cues)
        misattached = clause.head.i < verb.i  # see _misattached_clause: "that" is then tagged as a determiner
        while start < end and (doc[start].is_punct or (doc[start].lower_ == "that" and (
                doc[start].dep_ == "mark" or (misattached and start == verb.i + 1)))):
            start += 1
        if start >= end or doc[start].lower_ in cues.interrogative_markers:
            continue
        subject = subject_of(verb)
        if subject is None:
            continue
        speaker: Span | None = speaker_span(subject)
        if subject.lower_ in cues.expletive_subjects and subject.dep_ in ("nsubjpass", "expl"):
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            speaker = speaker_span(agents[0]) if agents else None
        span = doc[start:end]
        found.append(_Found(span.start_char, span.end_char, speaker, cue_name(verb, cues), verb, True, "clause"))
    return found


def description_claims(doc: Doc, verbs: list[Token], usable: Callable[[Token], bool], attributed: _Intervals,
                       cues: ClaimCues) -> list[_Found]:
    """How a speaker characterises something: "Frederiksen described the trip as a
    working meeting" -> "a working meeting"; "Obama called Turkey a solid partner" ->
    "a solid partner"; not "called for talks" or "called on Israel"."""
    found = []
    for verb in verbs:
        if verb.pos_ != "VERB" or not usable(verb) or verb.idx in attributed:
            continue
        children = list(verb.children)
        if any(c.dep_ in ("prt", "prep") and c.lower_ in cues.description_blockers and c.i > verb.i for c in children):
            continue  # "called for talks"; not a fronted "For his part, X called ..."
        objects = [c for c in children if c.dep_ == "dobj"]
        if verb.dep_ == "relcl" or not objects:
            continue  # "talks that both sides described as ...": the writer's framing
        complement = next((c for c in children if c.dep_ == "oprd"), None)
        if complement is None:  # the parser hangs "as" on the verb or on its object
            as_prep = next((c for c in [*children, *objects[0].children] if c.dep_ == "prep" and c.lower_ == "as"), None)
            # "as a working meeting" (pobj), "as very generous" (the parser's amod/acomp)
            complement = next((g for g in as_prep.children if g.dep_ in ("pobj", "amod", "acomp")), None) if as_prep is not None else None
        subject = subject_of(verb)
        if complement is None or subject is None:
            continue
        span = subtree_span(complement)
        if span.start_char in attributed:
            continue
        found.append(_Found(span.start_char, span.end_char, speaker_span(subject), cue_name(verb, cues), verb, True,
                            "description"))
    return found


def noun_clause_claims(doc: Doc, verbs: list[Token], usable: Callable[[Token], bool], attributed: _Intervals,
                       cues: ClaimCues) -> list[_Found]:
    """A stated attitude with its content: "X voiced the hope that C", "expressed confidence
    that C", "gave assurances that C" (``noun_clauses`` of cues.json): C is the claim, the
    cue is the verb's (or the one the data maps it to: "give" an assurance -> assure)."""
    found = []
    verb_cues = dict(cues.noun_clause_verbs)
    for verb in verbs:
        if verb.pos_ != "VERB" or not usable(verb) or verb.idx in attributed:
            continue
        for noun in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in cues.noun_clause_nouns):
            clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
                           and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            subject = subject_of(verb)
            if clause is None or subject is None:
                continue
            start, end = _subtree_range(clause)
            end = _cut_writer_adjunct(doc, clause, end, cues)
            while start < end and (doc[start].is_punct or doc[start].lower_ == "that"):
                start += 1
            if start >= end or doc[start].idx in attributed:
                continue
            span = doc[start:end]
            found.append(_Found(span.start_char, span.end_char, speaker_span(subject), verb_cues[verb.lemma_.lower()],
                                verb, True, "noun_clause"))
    return found


def parenthetical_claims(index: _DocIndex, matches: list[tuple[Token, Token]], cues: ClaimCues) -> list[_Found]:
    """An attribution inside its host clause: "Diplomatic engagement, they argue, must go
    beyond ...", "As Putin noted, ...", "The talks were constructive, he said." (when the
    parser makes the attribution a parataxis)."""
    found = []
    for host, verb in matches:
        if any(c.dep_ == "ccomp" for c in verb.children):
            continue  # a clause of its own: clause_claims
        if any(c.dep_ not in PARENTHETICAL_DEPS and not (c.dep_ == "dobj" and verb.lemma_ == "tell") for c in verb.children):
            continue  # "The deal is done; Putin said nothing."
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            continue
        start, end = _around(index, host, _subtree_range(verb))
        if start >= end:
            continue
        span = index.doc[start:end]
        found.append(_Found(span.start_char, span.end_char, speaker_span(subjects[0]), cue_name(verb, cues), verb, True,
                            "parenthetical"))
    return found


def according_to_claims(index: _DocIndex, matches: list[tuple[int, int]], cues: ClaimCues) -> list[_Found]:
    """"According to X, CLAIM." / "CLAIM, according to X." (also "in the words of X")."""
    doc = index.doc
    found = []
    for m_start, m_end in matches:
        first, last = doc[m_start], doc[m_end - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects:
            continue
        attribution = (m_start, objects[0].right_edge.i + 1)
        host = first.head if first.head.i != first.i and first.head.pos_ in ("VERB", "AUX") else index.sentence_root(first.i)
        start, end = _around(index, host, attribution)
        if start >= end:
            continue
        span = doc[start:end]
        cue = " ".join(t.lower_ for t in doc[m_start:m_end])
        found.append(_Found(span.start_char, span.end_char, speaker_span(objects[0]), cue, None, False, "according_to"))
    return found


def evidential_claims(doc: Doc, raising: list[Token], adverbs: list[Token], cues: ClaimCues) -> list[_Found]:
    """Unattributed reports: "Chinese negotiators are reported to have held out ..." (a
    passive reporting verb with an infinitive) and "The meeting was reportedly arranged
    ..."; the text is the whole clause, attribution included."""
    found = []
    for verb in raising:
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not subjects or subjects[0].lower_ in cues.expletive_subjects:
            continue
        span = doc[verb.left_edge.i : verb.right_edge.i + 1]
        found.append(_Found(span.start_char, span.end_char, None, cues.cue(verb.lemma_.lower()), verb, False, "evidential"))
    adverb_cues = dict(cues.evidential_adverbs)
    for adverb in adverbs:
        host = adverb.head
        if host.i == adverb.i:
            continue
        span = doc[host.left_edge.i : host.right_edge.i + 1]
        found.append(_Found(span.start_char, span.end_char, None, adverb_cues[adverb.lower_], None, False, "evidential"))
    return found


# --- speakers ---------------------------------------------------------------------------------


@dataclass
class _Speaker:
    """A resolved speaker: the phrase as output (titles dropped), its type, canonical
    names, and the pronoun to resolve ("they", or "he" for "his office")."""

    span: Span
    kind: str
    canonicals: list[str] = field(default_factory=list)
    pronoun: str | None = None


def _unique(names: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return out


def _singular(token: Token) -> str:
    """Lower-case singular of a noun; "Officials" opening a list item is tagged as a name
    and keeps its plural as lemma."""
    lemma, word = token.lemma_.lower(), token.lower_
    if lemma == word and word.endswith("s") and not word.endswith("ss") and token.pos_ == "PROPN":
        return word[:-1]
    return lemma


def _is_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or _singular(token) != token.lower_


class SpeakerResolver:
    """Speaker type and canonical names of a speaker phrase (module docstring)."""

    def __init__(self, cues: ClaimCues, lexicon: ActorLexicon):
        self.cues = cues
        self.lexicon = lexicon
        self.pronouns = dict(cues.pronoun_speakers)
        self.possessives = dict(cues.possessive_pronouns)
        # Same gazetteer as pipeline.actors: which organisations speak for a country.
        self.gazetteer = Gazetteer.from_path(None)

    def __call__(self, index: _DocIndex, phrase: Span) -> _Speaker | None:
        root = phrase.root
        if len(phrase) == 1 and root.lower_ in self.pronouns:
            word = root.lower_
            return _Speaker(phrase, self.pronouns[word], [], word if word in self.cues.resolved_pronouns else None)
        if self._leader_phrase(phrase):  # "both leaders", "the two sides"
            ref = resolve_phrase(index.doc, phrase, self.lexicon)
            if ref.kind == GROUP and ref.canonicals:
                return _Speaker(phrase, GROUP, list(ref.canonicals))
        ents = [e for e in index.entities_in(phrase) if e.label_ in NAME_LABELS | {"NORP"}]
        root_ent = next((e for e in ents if e.start <= root.i < e.end and e.label_ in NAME_LABELS), None)
        if root_ent is not None:
            return self._named(index, phrase, root_ent, ents)
        if _singular(root) in self.cues.non_speakers:
            return None
        root = self._role_after_honorific(phrase) or root
        kind = self._noun_kind(root)
        if kind is None:
            # An unknown proper name still is somebody; other nouns are not speakers.
            return _Speaker(phrase, UNATTRIBUTED) if root.pos_ == "PROPN" else None
        if kind == SOURCE:
            kind = self._source_kind(phrase, root, ents)
        pronoun = next((self.possessives[c.lower_] for c in root.children
                        if c.dep_ == "poss" and c.lower_ in self.possessives), None)
        return _Speaker(phrase, kind, self._affiliation(index, phrase, root, kind, ents), pronoun)

    def _leader_phrase(self, phrase: Span) -> bool:
        text = phrase.text.lower()
        return any(text == p or text.startswith(p + " ") for p in self.lexicon.leader_phrases)

    def _seat_country(self, ent: Span) -> str | None:
        """The country an organisation speaks for ("the Kremlin" -> Russia), if it does."""
        entry = self.gazetteer.get(ent.kb_id_, label="ORG") if ent.kb_id_ else None
        return entry.country if entry is not None and entry.stands_for_country and entry.country else None

    def _named(self, index: _DocIndex, phrase: Span, root_ent: Span, ents: list[Span]) -> _Speaker:
        """A named speaker: a person without the title before the name ("Kremlin
        spokesman Dmitry Peskov" -> "Dmitry Peskov"), several people (a group), a country,
        capital or seat of government (a country), or an organisation."""
        if root_ent.label_ == "PERSON":
            phrase = index.doc[root_ent.start : phrase.end]
        ref = resolve_phrase(index.doc, phrase, self.lexicon)
        if ref.kind == PERSON:
            return _Speaker(phrase, GROUP if len(ref.canonicals) > 1 else PERSON, list(ref.canonicals))
        if ref.kind == COUNTRY or root_ent.label_ in ("COUNTRY", "PLACE"):
            return _Speaker(phrase, COUNTRY, self._countries([e for e in ents if e.label_ != "PERSON"]))
        # Organisations are not canonical speakers; the country they belong to is.
        return _Speaker(phrase, ORGANIZATION, _unique(e._.newsclaims_country for e in ents))

    def _role_after_honorific(self, phrase: Span) -> Token | None:
        """"HH the Amir", "His Majesty the King": the parser may head the phrase on the
        honorific; the role noun after "the" is what says who speaks."""
        words = [t.lower_ for t in phrase]
        n = self.lexicon.honorific_length(words)
        return phrase[-1] if n and len(words) > n + 1 and words[n] == "the" else None

    def _noun_kind(self, root: Token) -> str | None:
        cues, noun = self.cues, _singular(root)
        if noun in cues.government_nouns:
            return COUNTRY
        if noun in cues.organization_nouns:
            return ORGANIZATION
        if noun in cues.source_nouns:
            return SOURCE
        if noun in cues.collective_nouns:
            return GROUP
        if noun in self.lexicon.group_nouns or noun in cues.person_nouns:
            # "an official" is one person, "officials" a group; "many", "others" are groups.
            return GROUP if _is_plural(root) or root.pos_ not in ("NOUN", "PROPN") else PERSON
        if _is_plural(root) and root.pos_ == "NOUN":
            return GROUP  # "Farmers say ..."
        return None

    def _source_kind(self, phrase: Span, root: Token, ents: list[Span]) -> str:
        """A statement or figures speak with the voice of their source."""
        cues = self.cues
        others = [t for t in phrase if t.i != root.i]
        if any(t.lemma_.lower() in cues.joint_markers for t in others):
            return COUNTRY
        if any(_singular(t) in cues.government_nouns for t in others):
            return COUNTRY
        orgs = [e for e in ents if e.label_ == "ORG"]
        if orgs:
            return COUNTRY if all(self._seat_country(e) for e in orgs) else ORGANIZATION
        if any(_singular(t) in cues.organization_nouns for t in others if t.pos_ == "NOUN"):
            return ORGANIZATION
        if any(e.label_ == "PERSON" for e in ents):
            return PERSON
        if ents:
            return COUNTRY  # "a Turkish statement"
        humans = [t for t in others if t.pos_ == "NOUN" and (_singular(t) in self.lexicon.group_nouns
                                                             or _singular(t) in cues.person_nouns)]
        if humans:
            return GROUP if _is_plural(humans[0]) else PERSON
        return UNATTRIBUTED  # "official figures", "the report"

    def _affiliation(self, index: _DocIndex, phrase: Span, root: Token, kind: str, ents: list[Span]) -> list[str]:
        """Canonical names of an unnamed speaker: the person it belongs to ("Macron’s
        aides"), else, for officials, governments, institutions and their statements, the
        countries named around it ("Officials in Berlin", "officials on both sides",
        "a joint statement"); nothing for experts and analysts."""
        people = [e for e in ents if e.label_ == "PERSON"]
        if people:
            return _unique(e._.newsclaims_canonical or e.text for e in people)
        official = kind in (COUNTRY, ORGANIZATION) or _singular(root) in self.cues.official_nouns
        source = _singular(root) in self.cues.source_nouns
        if not (official or source) or kind == UNATTRIBUTED:
            return []
        text = f" {phrase.text.lower()} "
        both = any(t.lemma_.lower() in self.cues.joint_markers for t in phrase) or any(
            f" {p} " in text for p in self.lexicon.leader_phrases if " " in p and p.split()[-1] not in ("two", "pair")
        )
        if both:
            return _unique(e._.newsclaims_country for e in index.leaders)
        return self._countries(ents)

    def _countries(self, ents: list[Span]) -> list[str]:
        names: list[str | None] = []
        for e in ents:
            if e.label_ == "COUNTRY":
                names.append(e._.newsclaims_canonical or e.text)
            elif e.label_ in ("PLACE", "NORP"):
                names.append(e._.newsclaims_country)
            elif e.label_ == "ORG":
                names.append(self._seat_country(e))
        return _unique(names)


# --- pronouns and hedges ----------------------------------------------------------------------


@dataclass
class _Mention:
    """A possible antecedent of "they" / "he" / "she"."""

    start: int
    sentence: int  # start offset of its sentence
    block: int | None
    kind: str  # GROUP or PERSON
    canonicals: list[str]
    key: str
    from_claim: bool
    subject: bool = False  # a clause subject (or a speaker): the salient one of its sentence
    role: str = ""  # the person's title, lower case ("president of kenya")
    country: str | None = None


def _coordinated_with(token: Token, subject: Token) -> bool:
    """``token`` is the subject itself or a conjunct of it, possibly through an apposition
    ("Ruto and his counterpart Paul Kagame"), not a name inside a clause or a phrase on it."""
    while token.i != subject.i:
        if token.dep_ not in ("conj", "appos", "compound") or token.head is token:
            return False
        token = token.head
    return True


def _is_subject(token: Token) -> bool:
    """A clause subject, or one of coordinated subjects ("Scholz and Zelenskyy met")."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _outside_dateline(phrase: Span, dateline_end: int, index: "_DocIndex") -> Span:
    """A speaker phrase without the dateline the parser glued to it: "LAGOS, Nigeria (AP) —
    Gov. Ada Obi said" has the speaker Ada Obi, not "LAGOS". A phrase inside the dateline
    gives way to the first person named after it in the sentence."""
    if phrase.start_char >= dateline_end:
        return phrase
    doc = phrase.doc
    if phrase.end_char > dateline_end:
        cut = doc.char_span(dateline_end, phrase.end_char, alignment_mode="contract")
        if cut is not None and len(cut) and any(not t.is_punct for t in cut):
            return cut
    # The parser can give the verb two subjects, the dateline and the real one:
    # "ISLAMABAD, Sep 08 (NNI): The Foreign Office (FO) has said ..."
    verb = phrase.root.head
    other = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= dateline_end), None)
    if other is not None and not _same_token(verb, phrase.root):
        return _subtree(other)
    sent = phrase.sent
    person = next((e for e in index.ents if e.label_ == "PERSON" and e.start_char >= dateline_end
                   and sent.start <= e.start < sent.end), None)
    return person if person is not None else phrase


def _lead_person_country(index: "_DocIndex") -> str | None:
    """An article without a dateline is at home where the first person of its headline and
    lead is from ("South African President Cyril Ramaphosa leaves ..., the presidency said")."""
    for block in headline_and_lead(index.doc):
        for ent in index.ents:
            if ent.label_ == "PERSON" and block["start"] <= ent.start_char < block["end"]:
                country = ent._.newsclaims_country if Span.has_extension("newsclaims_country") else None
                if country:
                    return country
    return None


def _dateline_country(dateline) -> str | None:
    """The country a wire dateline names or places its city in ("ISLAMABAD, Sep 08 (NNI):")."""
    if dateline is None:
        return None
    for ent in dateline.places:
        country = ent._.newsclaims_canonical or ent.text if ent.label_ == "COUNTRY" else ent._.newsclaims_country
        if country:
            return country
    return None


def _subject_indices(doc: Doc, pos: tuple[str, ...], lowers: frozenset[int] | None = None) -> list[int]:
    """Indices of the clause subjects (nsubj, nsubjpass) with one of the parts of speech
    ``pos`` (and, if given, a lower-case form among the hashes ``lowers``), read from the
    token arrays instead of a Python loop over every token."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    array = doc.to_array(["DEP", "POS", "LOWER"])
    mask = numpy.isin(array[:, 0], [strings["nsubj"], strings["nsubjpass"]]) & numpy.isin(array[:, 1], [strings[p] for p in pos])
    if lowers is not None:
        mask &= numpy.isin(array[:, 2], numpy.array(sorted(lowers), dtype=array.dtype))
    return numpy.nonzero(mask)[0].tolist()


@lru_cache(maxsize=None)
def _role_heads(lexicon: ActorLexicon) -> frozenset[int]:
    """Hashes of the last words of the anaphoric roles ("president", "minister"): a cheap
    filter before a phrase is read as a role."""
    return frozenset(get_string_id(r.split()[-1]) for r in lexicon.anaphoric_roles)


def _same_token(a: Token, b: Token) -> bool:
    return a.i == b.i


def _subtree(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


ANTECEDENT_BLOCKS = 4  # the pronoun's paragraph and up to three before it (wire paragraphs are short)


def _antecedent(pronoun: Span, sentence: int, wanted: str, mentions: dict[int | None, list[_Mention]],
                block: int | None, accept: Callable[[_Mention], bool] | None = None,
                reach: int = ANTECEDENT_BLOCKS) -> _Mention | None:
    """The nearest earlier mention of the wanted kind in the pronoun's paragraph, else in
    the paragraphs before it. When the nearest sentence holding one holds two different
    ones, the clause subject among them ("Ruto received Landau ... He said" -> Ruto);
    None when that does not decide. People named in the pronoun's own sentence are not
    candidates ("The talks with Macron went well, he said"). ``accept`` filters candidates
    ("the president" wants a president)."""
    scopes = [block] if block is None else [b for b in range(block, block - reach, -1) if b >= 0]
    for scope in scopes:
        candidates = [
            m for m in mentions.get(scope, [])
            if m.kind == wanted and m.start < pronoun.start_char
            and (m.from_claim or m.sentence < sentence) and (accept is None or accept(m))
        ]
        if not candidates:
            continue
        nearest = max(candidates, key=lambda m: m.start)
        same = [m for m in candidates if m.sentence == nearest.sentence]
        if len({m.key for m in same}) > 1:
            salient = [m for m in same if m.subject or m.from_claim]
            if len({m.key for m in salient}) != 1:
                # "Ms Baloch said Jilani would chair ... . She said ...": the speaker of
                # the earlier claim is the topic that a pronoun continues.
                speakers = [m for m in salient if m.from_claim]
                if len({m.key for m in speakers}) != 1:
                    return None
                return max(speakers, key=lambda m: m.start)
            return max(salient, key=lambda m: m.start)
        return nearest
    return None


def main_predicates(span: Span) -> list[Token]:
    """The claim's main assertions: tokens whose head lies outside the claim (clause
    roots) and the clauses coordinated with them."""
    roots = clause_roots(span)
    predicates, stack = [], [t for t in roots if not t.is_punct]
    while stack:
        token = stack.pop()
        predicates.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj" and span.start <= c.i < span.end)
    return predicates


def hedged(span: Span | None, cue: str, verb: Token | None, reported: bool, cues: ClaimCues) -> bool:
    """A hedging modal or hedge lemma on a main predicate, or a hedging cue (hedges.json)."""
    if cue in cues.hedging_verbs:
        return True
    if span is None:
        return False
    backshift = reported and verb is not None and is_past(verb)
    for predicate in main_predicates(span):
        if predicate.lemma_.lower() in cues.hedge_lemmas:
            return True
        for child in predicate.children:
            if child.dep_ not in HEDGE_DEPS:
                continue
            word = child.lower_
            if child.tag_ == "MD" and word in cues.modals and not (backshift and word in cues.backshifted_modals):
                return True
            if child.lemma_.lower() in cues.hedge_lemmas:
                return True
    return False


def phrasal_particles(cues: ClaimCues) -> dict[str, frozenset[str]]:
    """Phrasal verb head lemma -> its particles ("point" -> {"out"})."""
    particles: dict[str, frozenset[str]] = {}
    for head, particle in cues.phrasal_verbs:
        particles[head] = particles.get(head, frozenset()) | {particle}
    return particles


def tree_pairs(doc: Doc, tokens: dict[str, list[tuple[int, int]]], cues: ClaimCues,
               particles: dict[str, frozenset[str]]) -> dict[str, set[tuple[int, int]]]:
    """The dependency shapes around the cue tokens the Matcher found, as token-index pairs:

    - CLAUSE (cue, clause): a cue verb with a ``ccomp`` ("Experts say [that] X ..."); a
      phrasal head needs its particle as ``prt`` ("pointed out that ...");
    - PARENTHETICAL (host, cue): a cue verb attached as ``parataxis`` ("X, he said, ...") or
      as ``advcl`` with a mark such as "as" ("as analysts noted"); the host is its head;
    - RAISING (cue, infinitive): a raising verb in VBN with ``xcomp`` and ``auxpass``
      ("X is believed to ..."). ``particles``: :func:`phrasal_particles`.
    """
    pairs: dict[str, set[tuple[int, int]]] = {"CLAUSE": set(), "PARENTHETICAL": set(), "RAISING": set()}

    def add_clause_and_parenthetical(cue: Token, children: list[Token]) -> None:
        pairs["CLAUSE"].update((cue.i, c.i) for c in children if c.dep_ == "ccomp")
        if not any(c.dep_ == "ccomp" for c in children):
            clause = _misattached_clause(cue)
            if clause is not None:
                pairs["CLAUSE"].add((cue.i, clause.i))
        if cue.dep_ == "parataxis":
            pairs["PARENTHETICAL"].add((cue.head.i, cue.i))

    for start, end in tokens["CUE"]:
        if end - start != 1:
            continue  # the two-token phrasal pattern: its head is handled below
        cue = doc[start]
        children = list(cue.children)
        add_clause_and_parenthetical(cue, children)
        if cue.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.parenthetical_marks for c in children
        ):
            pairs["PARENTHETICAL"].add((cue.head.i, cue.i))
    for start, _ in tokens["PHRASAL_HEAD"]:
        cue = doc[start]
        children = list(cue.children)
        wanted = particles.get(cue.lemma_, frozenset())
        if any(c.dep_ == "prt" and c.lower_ in wanted for c in children):
            add_clause_and_parenthetical(cue, children)
    for start, _ in tokens["RAISING_CUE"]:
        cue = doc[start]
        children = list(cue.children)
        if any(c.dep_ == "auxpass" for c in children):
            pairs["RAISING"].update((cue.i, c.i) for c in children if c.dep_ == "xcomp")
    return pairs


def _misattached_clause(cue: Token) -> Token | None:
    """"..., with Ruto remarking that commerce is even": the small parser hangs the "that"
    clause on the main verb before the cue. The clause right after "cue that" whose head
    lies before the cue is the cue's own."""
    doc = cue.doc
    after = cue.i + 1
    if after >= len(doc) or doc[after].lower_ != "that":
        return None
    for token in doc[after + 1 : cue.sent.end]:
        if token.dep_ == "ccomp" and token.head.i < cue.i and token.left_edge.i in (after, after + 1):
            return token
    return None


# --- spaCy component ---------------------------------------------------------------------------


class ClaimsExtractor:
    """Sets ``doc._.newsclaims_claims`` and ``doc.spans["newsclaims_claims"]`` (module docstring)."""

    def __init__(self, nlp: Language, name: str, cues_path: str | None = None, hedges_path: str | None = None,
                 actors_path: str | None = None):
        self.name = name
        self.vocab = nlp.vocab
        self.cues_path, self.hedges_path = cues_path, hedges_path
        self.cues = load_claim_cues(cues_path, hedges_path)
        self.lexicon = ActorLexicon.from_path(actors_path)
        self._build_matchers(nlp.vocab)
        _register_extensions()

    def _build_matchers(self, vocab: Vocab) -> None:
        """Cue words are found by two PhraseMatchers (lemmas and lower-case words: one
        hash lookup per token, in C); POS, tag and dependency conditions are then checked
        on the few hits, and the tree around each cue is read by :func:`tree_pairs`.
        (A token Matcher with ``{"IN": [...]}`` called Python per token, and a
        DependencyMatcher ran a matcher per pattern node over the whole document.)"""
        cues = self.cues
        self.speakers = SpeakerResolver(cues, self.lexicon)
        self.particles = phrasal_particles(cues)

        def lemma_docs(lemmas) -> list[Doc]:
            return [Doc(vocab, words=[lemma], lemmas=[lemma]) for lemma in sorted(lemmas)]

        def word_docs(phrases) -> list[Doc]:
            return [Doc(vocab, words=list(words)) for words in sorted(phrases)]

        self.lemma_matcher = PhraseMatcher(vocab, attr="LEMMA")
        for label, lemmas in (("CUE", cues.verbs), ("PHRASAL_HEAD", self.particles), ("RAISING_CUE", cues.raising_verbs)):
            if lemmas:
                self.lemma_matcher.add(label, lemma_docs(lemmas))
        self.word_matcher = PhraseMatcher(vocab, attr="LOWER")
        if cues.phrases:
            self.word_matcher.add("ACCORDING_TO", word_docs(cues.phrases))
        if cues.evidential_adverbs:
            self.word_matcher.add("EVIDENTIAL", word_docs((word,) for word in dict(cues.evidential_adverbs)))

    def cue_tokens(self, doc: Doc, usable: Callable[[Token], bool]) -> dict[str, list[tuple[int, int]]]:
        """Token ranges by kind: CUE (a cue verb, or a phrasal verb with its particle
        next to it, "pointed out"), PHRASAL_HEAD, RAISING_CUE (in VBN), ACCORDING_TO,
        EVIDENTIAL (an ``advmod``)."""
        strings = self.vocab.strings
        found: dict[str, list[tuple[int, int]]] = {
            "CUE": [], "PHRASAL_HEAD": [], "RAISING_CUE": [], "ACCORDING_TO": [], "EVIDENTIAL": []}
        for match_id, start, end in self.lemma_matcher(doc):
            token, label = doc[start], strings[match_id]
            wanted = token.tag_ == "VBN" if label == "RAISING_CUE" else token.pos_ == "VERB"
            if not (wanted and usable(token)):
                continue
            found[label].append((start, end))
            if label == "PHRASAL_HEAD" and end < len(doc) and doc[end].lower_ in self.particles[token.lemma_]:
                found["CUE"].append((start, end + 1))
        for match_id, start, end in self.word_matcher(doc):
            label = strings[match_id]
            if usable(doc[start]) and (label != "EVIDENTIAL" or doc[start].dep_ == "advmod"):
                found[label].append((start, end))
        for spans in found.values():
            spans.sort()
        return found

    def __call__(self, doc: Doc) -> Doc:
        cues = self.cues
        if not (doc.has_annotation("DEP") and doc.has_annotation("POS")):
            # Claims are read off the parse; without tagger and parser there are none.
            doc._.newsclaims_claims = []
            doc.spans[SPAN_KEY] = []
            return doc
        index = _DocIndex(doc)
        prose = _Prose(doc)
        quotes = [q for a, b in prose.units for q in find_quotations(index.text, a, b, cues.quote_pairs)]
        quoted = _Intervals((a - 1, b + 1) for a, b in quotes)

        def usable(token: Token) -> bool:
            return token.idx in prose and token.idx not in quoted

        tokens = self.cue_tokens(doc, usable)
        pairs = tree_pairs(doc, tokens, cues, self.particles)
        verbs = {start: doc[start] for start, _ in tokens["CUE"]}
        found = quotation_claims(doc, quotes, verbs, prose, cues)
        attributed = _Intervals((f.start - 1, f.end + 1) for f in found)
        found += clause_claims(doc, [(doc[a], doc[b]) for a, b in sorted(pairs["CLAUSE"])], attributed, cues)
        found += parenthetical_claims(index, [(doc[a], doc[b]) for a, b in sorted(pairs["PARENTHETICAL"], key=lambda p: p[1])],
                                      cues)
        found += according_to_claims(index, tokens["ACCORDING_TO"], cues)
        attributed = _Intervals((f.start - 1, f.end + 1) for f in found)
        found += description_claims(doc, [doc[i] for i in tokens_with_lemma(doc, cues.description_verbs)], usable,
                                    attributed, cues)
        found += noun_clause_claims(doc, [doc[i] for i in tokens_with_lemma(doc, cues.noun_clause_lemmas)],
                                    usable, _Intervals((f.start - 1, f.end + 1) for f in found), cues)
        found += evidential_claims(doc, [doc[a] for a, _ in sorted(pairs["RAISING"])],
                                   [doc[s] for s, _ in tokens["EVIDENTIAL"]], cues)
        claims = self._finish(index, found, quoted, prose)
        doc._.newsclaims_claims = claims
        spans = []
        for claim in claims:
            span = doc.char_span(claim["start"], claim["end"], label=claim["speaker_type"], alignment_mode="contract")
            if span is None or not len(span):
                span = doc.char_span(claim["start"], claim["end"], label=claim["speaker_type"], alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    def _finish(self, index: _DocIndex, found: list[_Found], quoted: _Intervals, prose: _Prose) -> list[dict]:
        """Trim, de-duplicate, resolve speakers and pronouns, mark hedges; in text order."""
        cues, doc, text = self.cues, index.doc, index.text
        seen: set[tuple[int, int]] = set()
        items: list[tuple[int, int, _Found, _Speaker | None]] = []
        dateline = find_dateline(doc)
        home = _dateline_country(dateline) or _lead_person_country(index)
        for f in found:
            start, end = trim_content(text, f.start, f.end, cues.quote_pairs)
            if (start, end) in seen or f.cue is None or not enough_words(text[start:end]):
                continue
            phrase = None
            if f.speaker is not None:
                label_end = max(dateline.end if dateline else 0, index.label_end(f.speaker.start_char))
                phrase = _outside_dateline(f.speaker, label_end, index)
            speaker = self.speakers(index, phrase) if phrase is not None else None
            if f.speaker is not None and speaker is None:
                continue
            seen.add((start, end))
            items.append((start, end, f, speaker))
        # Antecedents of pronouns, per block: people named in earlier sentences ("he") and
        # the speakers of earlier claims.
        mentions: dict[int | None, list[_Mention]] = {}
        people = [e for e in index.ents if e.label_ == "PERSON"]
        # a person's role holds for every mention ("Foreign Minister X" ... "X said" ... "the foreign minister said")
        roles = {e._.newsclaims_canonical or e.text: e._.newsclaims_role.lower() for e in people if e._.newsclaims_role}
        for e in people:
            if e.start_char not in quoted and e.start_char in prose:
                name = e._.newsclaims_canonical or e.text
                block = index.block(e.start_char)
                mentions.setdefault(block, []).append(
                    _Mention(e.start_char, index.sentence_start_char(e.start), block, PERSON, [name], name, False,
                             subject=_is_subject(e.root), role=(e._.newsclaims_role or "").lower() or roles.get(name, ""),
                             country=e._.newsclaims_country))
        self._add_leader_subjects(index, mentions, quoted, prose)
        self._add_coordinated_subjects(index, mentions, quoted, prose)
        self._add_role_subjects(index, mentions, quoted, prose)
        office_holders = (doc._.newsclaims_office_holders if Doc.has_extension("newsclaims_office_holders") else None) or {}
        claims = []
        for start, end, f, speaker in sorted(items, key=lambda it: it[3].span.start_char if it[3] else it[0]):
            kind, canonicals = UNATTRIBUTED, []
            if speaker is not None:
                kind, canonicals = speaker.kind, list(speaker.canonicals)
                holder = office_holders.get(speaker.span.root.i) if speaker.pronoun is None else None
                if holder is not None:  # "the Turkish foreign minister said": who held the office that day
                    kind, canonicals = PERSON, [holder.canonical]
                if not canonicals and kind != UNATTRIBUTED and home is not None and self._home_body(speaker.span):
                    canonicals = [home]  # "ISLAMABAD: The Foreign Office said" -> Pakistan
                block = index.block(speaker.span.start_char)
                sentence = index.sentence_start_char(speaker.span.start)
                if speaker.pronoun is not None:
                    wanted = GROUP if self.speakers.pronouns.get(speaker.pronoun) == GROUP else PERSON
                    antecedent = _antecedent(speaker.span, sentence, wanted, mentions, block)
                    if antecedent is not None:
                        canonicals = list(antecedent.canonicals)
                elif kind == PERSON and (not canonicals or self._only_countries(canonicals)):
                    # "the Polish prime minister" (affiliated with Poland): the person, if named
                    accept = self._role_antecedent(speaker.span)
                    # "the Uzbek leader": a demonym picks one person however far back
                    reach = len(index.doc) if getattr(accept, "national", False) else ANTECEDENT_BLOCKS
                    antecedent = _antecedent(speaker.span, sentence, PERSON, mentions, block, accept, reach) if accept else None
                    if antecedent is not None:
                        canonicals = list(antecedent.canonicals)
                if kind in (GROUP, PERSON):
                    key = "|".join(canonicals) if canonicals else speaker.span.root.lemma_.lower()
                    mentions.setdefault(block, []).append(
                        _Mention(speaker.span.start_char, sentence, block, kind, canonicals, key, True, subject=True))
            claims.append({
                "text": text[start:end],
                "start": start,
                "end": end,
                "speaker": speaker.span.text if speaker is not None else None,
                "speaker_canonical": canonicals,
                "speaker_type": kind,
                "cue": f.cue,
                "hedged": hedged(doc.char_span(start, end, alignment_mode="expand"), f.cue, f.verb, f.reported, cues),
                "block": block_of(doc, start) if Doc.has_extension("newsclaims_blocks") else None,
            })
        return sorted(claims, key=lambda c: (c["start"], c["end"]))

    def _add_leader_subjects(self, index: _DocIndex, mentions: dict, quoted, prose) -> None:
        """"The two sides talked over ... . They affirmed ...": a subject that means the two
        main leaders is a group antecedent for a later "they", like a group speaker."""
        leaders = None
        phrases = self.lexicon.leader_phrases
        for i in _subject_indices(index.doc, ("NOUN", "PROPN")):
            token = index.doc[i]
            if token.idx in quoted or token.idx not in prose:
                continue
            text = " ".join(t.lower_ for t in token.doc[token.left_edge.i : token.i + 1])
            if text not in phrases:
                continue
            if leaders is None:
                leaders = _unique(e._.newsclaims_canonical or e.text for e in index.leaders)
            if len(leaders) < 2:
                return
            block = index.block(token.idx)
            start = token.left_edge.idx
            mentions.setdefault(block, []).append(
                _Mention(start, index.sentence_start_char(token.left_edge.i), block, GROUP, list(leaders),
                         "|".join(leaders), False, subject=True))

    def _add_coordinated_subjects(self, index: _DocIndex, mentions: dict, quoted, prose) -> None:
        """"Ruto and his Rwandan counterpart Paul Kagame spoke to reporters ... . They said
        ...": two or three named people coordinated as a clause subject are a group
        antecedent for a later "they"."""
        for ent in index.ents:
            if ent.label_ != "PERSON" or ent.root.dep_ not in ("nsubj", "nsubjpass") or ent.start_char in quoted:
                continue
            if ent.start_char not in prose:
                continue
            subtree = {t.i for t in ent.root.subtree}
            people = [e for e in index.ents if e.label_ == "PERSON" and e.root.i in subtree
                      and _coordinated_with(e.root, ent.root)]
            names = _unique(e._.newsclaims_canonical or e.text for e in people)
            if not 2 <= len(names) <= 3:
                continue
            block = index.block(ent.start_char)
            entries = mentions.setdefault(block, [])
            entries.append(_Mention(ent.start_char, index.sentence_start_char(ent.start), block, GROUP, names,
                                    "|".join(names), False, subject=True))
            entries.sort(key=lambda m: m.start)

    def _add_role_subjects(self, index: _DocIndex, mentions: dict, quoted, prose) -> None:
        """"The prime minister briefed Trump ... . He told ...": a definite role subject that
        refers back to a named person is itself a salient antecedent of that person, so a
        later pronoun continues it rather than the names around it. In text order, so a
        chain of roles resolves."""
        doc = index.doc
        for i in _subject_indices(doc, ("NOUN",), _role_heads(self.lexicon)):
            token = doc[i]
            if token.idx in quoted or token.idx not in prose:
                continue
            phrase = doc[token.left_edge.i : token.i + 1]
            accept = self._role_antecedent(phrase)
            if accept is None:
                continue
            block = index.block(token.idx)
            sentence = index.sentence_start_char(token.left_edge.i)
            antecedent = _antecedent(phrase, sentence, PERSON, mentions, block, accept)
            if antecedent is None:
                continue
            entries = mentions.setdefault(block, [])
            entries.append(_Mention(phrase.start_char, sentence, block, PERSON, list(antecedent.canonicals),
                                    antecedent.key, False, subject=True, role=antecedent.role, country=antecedent.country))
            entries.sort(key=lambda m: m.start)

    def _only_countries(self, names: list[str]) -> bool:
        return all(any(e.label == "COUNTRY" for e in self.speakers.gazetteer.lookup(n)) for n in names)

    def _home_body(self, phrase: Span) -> bool:
        """A government body named without its country ("the Foreign Office", "a source at
        the Foreign Ministry"): it speaks for the country of the dateline."""
        text = f" {phrase.text.lower()} "
        return any(f" {body} " in text for body in self.cues.home_bodies)

    def _role_antecedent(self, phrase: Span) -> Callable[[_Mention], bool] | None:
        """"the president", "The Uruguayan leader": a test for the named person it refers
        back to (title contains the noun; a demonym must match the country); None when the
        phrase is not a definite role noun."""
        words = [t for t in phrase if not t.is_punct]
        words = words[self.lexicon.honorific_length([t.lower_ for t in words]):]  # "HH the Amir", "His Majesty the King"
        if not words or words[0].lower_ != "the":
            return None
        demonyms = [t for t in words[1:] if t.ent_type_ == "NORP"]
        rest = " ".join(t.lower_ for t in words[1:] if t.ent_type_ != "NORP")
        noun = next((r for r in self.lexicon.anaphoric_roles if rest == r or rest.endswith(" " + r)), None)
        if noun is None:
            return None
        countries = {c for c in (self._demonym_country(t) for t in demonyms) if c}
        forms = self.lexicon.role_forms(noun)

        def accept(m: _Mention) -> bool:
            titled = bool(m.role) if noun in self.lexicon.any_title_roles else any(f in m.role for f in forms)
            return titled and (not countries or m.country in countries)

        accept.national = bool(countries)  # type: ignore[attr-defined]
        return accept

    @staticmethod
    def _demonym_country(token: Token) -> str | None:
        for ent in doc_ents(token.doc):
            if ent.start <= token.i < ent.end and ent.label_ == "NORP":
                return ent._.newsclaims_country if Span.has_extension("newsclaims_country") else None
        return None

    # Serialisation: the rule data travels with a saved pipeline (nlp.to_disk).
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cues.json").write_text(_cues_file(self.cues_path).read_text(encoding="utf-8"), encoding="utf-8")
        (path / "hedges.json").write_text(_hedges_file(self.hedges_path).read_text(encoding="utf-8"), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ClaimsExtractor":
        path = Path(path)
        self.cues_path, self.hedges_path = str(path / "cues.json"), str(path / "hedges.json")
        self.cues = load_claim_cues(self.cues_path, self.hedges_path)
        self._build_matchers(self.vocab)
        return self


@Language.factory(
    "newsclaims_claims",
    default_config={"cues_path": None, "hedges_path": None, "actors_path": None},
)
def make_claims_extractor(nlp: Language, name: str, cues_path: str | None, hedges_path: str | None,
                          actors_path: str | None) -> ClaimsExtractor:
    """``cues_path``/``hedges_path``: null for the bundled ``models/claims/`` files;
    ``actors_path``: null for ``models/actors/group_nouns.json``."""
    return ClaimsExtractor(nlp, name, cues_path=cues_path, hedges_path=hedges_path, actors_path=actors_path)
