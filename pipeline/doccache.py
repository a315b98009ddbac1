"""Per-document caches for what spaCy rebuilds on every access.

``doc.text`` joins every token's text and ``doc.ents`` builds a new tuple of spans on each
call; six components and the record builder each reading them cost ~10 % of our own CPU.
The text cache is keyed weakly on the Doc, so its entries vanish with the Doc.
"""

from __future__ import annotations

from bisect import bisect_left
from weakref import WeakKeyDictionary

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

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


def tokens_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in ``lemmas``, read from the
    LEMMA array (no Token objects): rules that start from a few verbs use it to skip the
    rest of the document."""
    strings = doc.vocab.strings
    hashes = doc.to_array("LEMMA").tolist()
    wanted = {h for h in set(hashes) if strings[h].lower() in lemmas}
    return [i for i, h in enumerate(hashes) if h in wanted]


def tokens_with_lower(doc: Doc, words) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words``, read from the
    LOWER array by hash (no Token objects, nothing added to the vocabulary)."""
    if not len(doc) or not words:
        return []
    wanted = numpy.array([get_string_id(w) for w in words], dtype="uint64")
    return numpy.nonzero(numpy.isin(doc.to_array("LOWER"), wanted))[0].tolist()


def tokens_within(doc: Doc, indices: list[int], span: Span) -> list[Token]:
    """The tokens of sorted ``indices`` (from :func:`tokens_with_lemma`) inside ``span``."""
    return [doc[i] for i in indices[bisect_left(indices, span.start) : bisect_left(indices, span.end)]]
