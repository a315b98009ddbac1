"""Placeholder: the claims extractor is being written (factory newsclaims_claims)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SPAN_KEY = "newsclaims_claims"


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_claims"):
        Doc.set_extension("newsclaims_claims", default=None)


class _Extractor:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.newsclaims_claims = []
        doc.spans[SPAN_KEY] = []
        return doc


@Language.factory("newsclaims_claims", default_config={})
def make_claims_extractor(nlp: Language, name: str) -> _Extractor:
    return _Extractor(nlp, name)
