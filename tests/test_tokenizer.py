"""The newsclaims tokenizer: spaCy's English rules plus the splits of wire datelines."""

import re

import spacy
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.tokenizer import create_tokenizer


def _tokenizers():
    ours = spacy.blank("en")
    ours.tokenizer = create_tokenizer()(ours)
    return ours, spacy.blank("en")


OURS, BASE = _tokenizers()


def words(nlp, text):
    return [t.text for t in nlp(text)]


def test_dateline_agency_brackets_and_dashes_are_split():
    assert words(OURS, "HANOI (AP)--The talks") == ["HANOI", "(", "AP", ")", "--", "The", "talks"]
    assert words(OURS, "Tokyo, Dec. 21 (Jiji Press)--During a call")[4:10] == ["(", "Jiji", "Press", ")", "--", "During"]
    assert words(OURS, "KYIV (Reuters)—The army")[1:6] == ["(", "Reuters", ")", "—", "The"]


def test_slashes_around_an_agency_are_split():
    assert words(OURS, "PARIS, July 1. /TASS/. French President")[5:9] == ["/", "TASS", "/.", "French"]


def test_ordinary_slashes_and_urls_are_untouched():
    for text in ("and/or the AC/DC band", "9/11 w/o the U.S./Canada border", "see http://x.com/TASS/ now", "EU/NATO"):
        assert words(OURS, text) == words(BASE, text)


@given(st.text(alphabet=st.sampled_from(list("abcAB .,/-'19()—")), max_size=40))
def test_text_without_dateline_marks_tokenizes_as_spacy_does(text):
    """Only ")" before a dash, a dash after ")" and "/X/." are new splits."""
    assume(not re.search(r"\)(?:--|—)", text))
    assume(not re.search(r"/[A-Z][\w-]{1,15}/|[A-Z][A-Za-z]/\.", text))
    assert words(OURS, text) == words(BASE, text)


def test_the_pipeline_uses_it(annotator):
    assert [t.text for t in annotator.nlp("LAGOS (AP)--Gov. Ada Obi")][:5] == ["LAGOS", "(", "AP", ")", "--"]
