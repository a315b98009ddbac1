"""Placeholder: the topics extractor is being written (factory newsclaims_topics)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SPAN_KEY = "newsclaims_topics"


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_topics"):
        Doc.set_extension("newsclaims_topics", default=None)


class _Extractor:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.newsclaims_topics = []
        doc.spans[SPAN_KEY] = []
        return doc


@Language.factory("newsclaims_topics", default_config={})
def make_topics_extractor(nlp: Language, name: str) -> _Extractor:
    return _Extractor(nlp, name)
