"""The topic taxonomy: which category ("security", "energy", ...) a phrase belongs to.

Categories and their keywords are data (``configs/taxonomy.json``, user-replaceable).
Matching is on lemmas, so "pipelines" and "pipeline" both count for energy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from .doccache import doc_ents
from .paths import configs_dir, read_json


@dataclass(frozen=True)
class Taxonomy:
    """Category -> keyword lemma sequences, in priority order (first wins ties).
    ``generic``: categories that lose a tie to any other one ("defence cooperation" is
    defence, not diplomacy: "cooperation" says little about what the cooperation is on).
    ``weak``: keywords that alone give no category ("closer cooperation", "bilateral
    relations": a partnership statement is on no topic), only next to a keyword that is
    not weak ("peace talks and cooperation").
    ``states_category``: the category of a phrase with no keyword at all that names a
    country or an international body ("backing for the Philippines", "condemns the
    behaviour of North Korea"): a stance on another state is foreign affairs."""

    categories: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    generic: frozenset[str] = frozenset()
    weak: frozenset[tuple[str, ...]] = frozenset()
    states_category: str | None = None

    @classmethod
    def from_path(cls, path: str | Path | None = None) -> "Taxonomy":
        return _load(str(path) if path else None)

    def classify_lemmas(
        self, lemmas: Sequence[str], label_lemmas: Sequence[str] = (), *, ties_to_none: bool = False,
        words: Sequence[str] = (), label_words: Sequence[str] = (),
    ) -> str | None:
        """The best category for a lemma sequence; hits inside ``label_lemmas`` count double.
        Ties go to the category whose first keyword comes earliest in the text
        ("responses to humanitarian challenges stemming from conflicts" -> humanitarian)."""
        label_scores = self._scores(label_lemmas, label_words)
        scores = self._scores(lemmas, words)
        if self.weak and not any(strong for _, _, strong in (*scores.values(), *label_scores.values())):
            return None
        scored = []
        for rank, (category, _) in enumerate(self.categories):
            hits, first, _ = scores.get(category, (0, 1 << 30, 0))
            score = 2.0 * label_scores.get(category, (0, 0, 0))[0] + hits
            if score > 0:
                scored.append((score, -first, -rank, category))
        if not scored:
            return None
        scored.sort(reverse=True)
        scored = self._drop_generic_ties(scored)
        if ties_to_none and len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None  # "cooperation on migration and natural gas": no single category
        return scored[0][3]

    def _drop_generic_ties(self, scored: list[tuple]) -> list[tuple]:
        """Sorted ``scored`` without the generic categories tied at the top score, when a
        specific category shares that score."""
        top = [s for s in scored if s[0] == scored[0][0]]
        specific = [s for s in top if s[3] not in self.generic]
        if not self.generic or len(specific) == len(top) or not specific:
            return scored
        return specific + [s for s in scored if s[0] != scored[0][0]]

    def _scores(self, lemmas: Sequence[str], words: Sequence[str] = ()) -> dict[str, tuple[int, int, int]]:
        """category -> (hit score: words matched, position of the first hit, hits of keywords
        that are not weak). One pass over
        the lemmas, looking keywords up by their first word. ``words``: the lower-case
        words, parallel to ``lemmas``; a keyword word matches either form (the small model
        lemmatises "latest" as "late")."""
        index = self._index()
        scores: dict[str, list[int]] = {}
        words = words if len(words) == len(lemmas) else lemmas
        for i, lemma in enumerate(lemmas):
            entries = index.get(lemma, ())
            if words[i] != lemma:
                entries = entries + index.get(words[i], ())
            for keyword, category in entries:
                n = len(keyword)
                if i + n <= len(lemmas) and all(k in (lemmas[i + j], words[i + j]) for j, k in enumerate(keyword)):
                    entry = scores.setdefault(category, [0, i, 0])
                    entry[0] += n  # a longer keyword is more specific: "security guarantee" > "security"
                    entry[2] += keyword not in self.weak
        return {category: (hits, first, strong) for category, (hits, first, strong) in scores.items()}

    def _index(self) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
        return _keyword_index(self)

    def classify(self, span: Span, label: Span | None = None, *, ties_to_none: bool = False,
                 own_countries: frozenset[str] = frozenset()) -> str | None:
        """Category of ``span`` (e.g. a table row or list item), its ``label`` part weighted
        up. ``ties_to_none``: a phrase that spans two categories equally gets None.
        ``own_countries``: the countries of the phrase's holder, which are no other state
        for ``states_category`` ("Egypt's revolutions" in Egypt's stance)."""
        lemmas, words = _lemmas(span), _words(span)
        category = self.classify_lemmas(lemmas, _lemmas(label) if label is not None else (), ties_to_none=ties_to_none,
                                        words=words, label_words=_words(label) if label is not None else ())
        if category is None and self.states_category and _names_a_state(span, own_countries) and not self._scores(lemmas, words):
            return self.states_category
        return category

    def classify_text(self, text: str) -> str | None:
        """Category of plain text (lower-cased words stand in for lemmas; plurals stripped)."""
        words = [w.strip(".,;:()“”\"'’").lower() for w in text.split()]
        lemmas = [w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w for w in words if w]
        return self.classify_lemmas(lemmas, lemmas)


def lemma_of(token) -> str:
    """The token's lemma, lower case; without a lemmatizer (--fast) the lower-case word
    with a plural -s taken off ("pipelines" -> "pipeline")."""
    if token.lemma_:
        return token.lemma_.lower()
    word = token.lower_
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _names_a_state(span: Span, own_countries: frozenset[str] = frozenset()) -> bool:
    """Whether ``span`` holds a country other than ``own_countries`` or a linked
    international body (an ORG of no country: ASEAN, the African Union)."""
    for ent in doc_ents(span.doc):
        if ent.end <= span.start or ent.start >= span.end or ent.start < span.start or ent.end > span.end:
            continue
        if ent.label_ == "COUNTRY" and (ent._.get("newsclaims_canonical") or ent.text) not in own_countries:
            return True
        if ent.label_ == "ORG" and ent.kb_id_ and ent._.get("newsclaims_country") is None:
            return True
    return False


def _lemmas(span: Span) -> list[str]:
    return [lemma_of(t) for t in span if not t.is_punct and not t.is_space]


def _words(span: Span) -> list[str]:
    return [t.lower_ for t in span if not t.is_punct and not t.is_space]


@lru_cache(maxsize=None)
def _keyword_index(taxonomy: "Taxonomy") -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for category, keywords in taxonomy.categories:
        for keyword in keywords:
            index.setdefault(keyword[0], []).append((keyword, category))
    return {first: tuple(entries) for first, entries in index.items()}


@lru_cache(maxsize=None)
def _load(path: str | None) -> Taxonomy:
    config = read_json(path, "taxonomy.json", root=configs_dir())
    data = config["categories"]
    categories = []
    for category, keywords in data.items():
        # "two-state" is tokenised as two - state and the hyphen is not a lemma: match the
        # words ("two state"); plain text keeps "two-state" as one word: match that too.
        sequences = tuple(dict.fromkeys(form for k in keywords for form in _keyword_forms(k)))
        categories.append((category, sequences))
    weak = frozenset(form for k in config.get("weak", ()) for form in _keyword_forms(k))
    return Taxonomy(tuple(categories), frozenset(config.get("generic", ())), weak, config.get("states_category"))


def _keyword_forms(keyword: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lemma sequences a keyword matches: with a hyphen split ("two state") and kept."""
    return tuple(keyword.lower().replace("-", " ").split()), tuple(keyword.lower().split())
