"""spaCy's English tokenizer, with the splits that wire datelines need.

spaCy keeps "(AP)--The", "Press)--During", "(Reuters)—The" and "/TASS/." as single
tokens, so the agency of the dateline cannot be an entity and the first word of the
story is glued to it (the parser then misreads the first clause). Three extra rules split
them: a closing bracket before a dash, a dash after a closing bracket, and the slashes
around a capitalised agency name. Nothing else changes ("and/or", "AC/DC", "9/11" and
URLs tokenize as before).

Registered as ``newsclaims.tokenizer.v1`` (``[nlp.tokenizer]`` of configs/pipeline.cfg).
"""

from __future__ import annotations

from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

_DASH = r"(?:--|—|–)"
DATELINE_INFIXES = (
    rf"(?<=[\w.])\)(?={_DASH})",  # "(AP)--The": the bracket closing the agency tag
    rf"(?<=\)){_DASH}(?=\S)",  # ... and the dash after it
)
DATELINE_PREFIXES = (r"/(?=[A-Z][\w-]{1,15}/)",)  # "/TASS/.": the opening slash
DATELINE_SUFFIXES = (r"(?<=[A-Z][A-Za-z])/\.",)  # "TASS/." -> "TASS", "/."


@spacy.registry.tokenizers("newsclaims.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(tuple(defaults.prefixes) + DATELINE_PREFIXES).search,
            suffix_search=compile_suffix_regex(tuple(defaults.suffixes) + DATELINE_SUFFIXES).search,
            infix_finditer=compile_infix_regex(tuple(defaults.infixes) + DATELINE_INFIXES).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
