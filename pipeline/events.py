"""Placeholder: the events extractor is being written (factory newsclaims_events)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SPAN_KEY = "newsclaims_events"


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_events"):
        Doc.set_extension("newsclaims_events", default=None)


class _Extractor:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.newsclaims_events = []
        doc.spans[SPAN_KEY] = []
        return doc


@Language.factory("newsclaims_events", default_config={})
def make_events_extractor(nlp: Language, name: str) -> _Extractor:
    return _Extractor(nlp, name)
