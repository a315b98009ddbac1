"""Per-document caches for what spaCy rebuilds on every access.

``doc.text`` joins every token's text and ``doc.ents`` builds a new tuple of spans on each
call; six components and the record builder each reading them cost ~10 % of our own CPU.
The text cache is keyed weakly on the Doc, so its entries vanish with the Doc.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from typing import Callable, TypeVar
from weakref import WeakKeyDictionary

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

ENTS_FINAL = "newsclaims_ents_final"
"""``doc.user_data`` flag set by ``newsclaims_linker``: no newsclaims component changes
``doc.ents`` after it, so the extractors may reuse one tuple of entities."""

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()
# Entities cannot go in a WeakKeyDictionary: each Span holds its Doc, so the entry would
# keep the Doc alive for ever. One slot (the Doc being processed) is enough: components
# call doc_ents many times per Doc, and the slot is replaced by the next Doc.
_LAST_ENTS: list = [None, ()]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (a Doc's text never changes)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, reused while the same Doc is asked for again, once the linker has
    marked its entities final."""
    if _LAST_ENTS[0] is doc:
        return _LAST_ENTS[1]
    ents = tuple(doc.ents)
    if doc.user_data.get(ENTS_FINAL):
        _LAST_ENTS[0], _LAST_ENTS[1] = doc, ents
    return ents


_LOWER_LEMMAS: dict[int, str] = {}
"""Lemma hash -> its lower-cased string. A hash always names the same string, so the memo
stays right across documents and memory zones; it is emptied when it grows large."""
_LOWER_LEMMAS_MAX = 200_000


def tokens_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in ``lemmas``, read from the
    LEMMA array (no Token objects): rules that start from a few verbs use it to skip the
    rest of the document."""
    hashes = doc.to_array("LEMMA").tolist()
    lower = _LOWER_LEMMAS
    missing = set(hashes).difference(lower)
    if missing:
        if len(lower) > _LOWER_LEMMAS_MAX:
            lower.clear()
            missing = set(hashes)
        strings = doc.vocab.strings
        for h in missing:
            lower[h] = strings[h].lower()
    return [i for i, h in enumerate(hashes) if lower[h] in lemmas]


_MEMO: list = [lambda: None, {}]  # (weak reference to the Doc being processed, key -> value)


def doc_memo(doc: Doc, key, build: Callable[[], T]) -> T:
    """A value derived from ``doc``, built once while the same Doc is asked for again
    (several components ask many times per Doc). One slot, holding the Doc weakly: the
    value must not hold the Doc (no Spans or Tokens), and must be derived from what no
    later component changes (the parse; entities once ``ENTS_FINAL`` is set)."""
    if _MEMO[0]() is not doc:
        _MEMO[0], _MEMO[1] = weakref.ref(doc), {}
    memo = _MEMO[1]
    if key not in memo:
        memo[key] = build()
    return memo[key]


def head_indices(doc: Doc) -> list[int]:
    """The absolute index of every token's syntactic head, read once per Doc from the
    HEAD array: tests like "is the head inside this span" then create no Token objects."""

    def build() -> list[int]:
        relative = doc.to_array("HEAD").astype("int64")
        return (relative + numpy.arange(len(doc), dtype="int64")).tolist()

    return doc_memo(doc, ("heads", len(doc)), build)


def clause_roots(span: Span) -> list[Token]:
    """The tokens of ``span`` whose head lies outside it, or that are their own head: the
    span's main predicates."""
    heads = head_indices(span.doc)
    start, end, doc = span.start, span.end, span.doc
    return [doc[i] for i in range(start, end) if heads[i] == i or not start <= heads[i] < end]


def tokens_with_lower(doc: Doc, words) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words``, read from the
    LOWER array by hash (no Token objects, nothing added to the vocabulary)."""
    return _tokens_with(doc, "LOWER", words)


def tokens_with_text(doc: Doc, words) -> list[int]:
    """Indices of the tokens whose exact text is one of ``words`` (the ORTH array)."""
    return _tokens_with(doc, "ORTH", words)


def _tokens_with(doc: Doc, attr: str, words) -> list[int]:
    if not len(doc) or not words:
        return []
    wanted = numpy.array([get_string_id(w) for w in words], dtype="uint64")
    return numpy.nonzero(numpy.isin(doc.to_array(attr), wanted))[0].tolist()


def tokens_within(doc: Doc, indices: list[int], span: Span) -> list[Token]:
    """The tokens of sorted ``indices`` (from :func:`tokens_with_lemma`) inside ``span``."""
    return [doc[i] for i in indices[bisect_left(indices, span.start) : bisect_left(indices, span.end)]]
