"""The ``non_english`` cleaning flag (pipeline/clean/language.py).

Articles in tests/data/language/ were written for these tests: ``en-*`` are English
(one with many Turkish and Azerbaijani names, one quoting a French sentence), the others
are in Russian, Turkish, Arabic, Chinese, German, Spanish, French and Indonesian.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import CleanConfig, clean_text, language
from pipeline.clean.language import is_non_english, language_evidence, load_function_words

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = Path(__file__).parent / "data" / "language"
FOREIGN = ["ru-summit", "tr-summit", "ar-summit", "zh-summit", "de-summit", "es-summit", "fr-summit", "id-summit"]
ENGLISH = ["en-turkish-names", "en-french-quote"]


def _text(name: str) -> str:
    return (LANGUAGE / f"{name}.txt").read_text(encoding="utf-8")


def _flags(text: str, config: CleanConfig = CleanConfig()) -> list[str]:
    return clean_text(text, config).flags


def test_language_doctests():
    assert doctest.testmod(language).failed == 0


@pytest.mark.parametrize("name", FOREIGN)
def test_language_foreign_articles_are_flagged(name):
    assert "non_english" in _flags(_text(name))


@pytest.mark.parametrize("name", ENGLISH)
def test_language_english_with_foreign_names_or_a_quote_is_not_flagged(name):
    assert "non_english" not in _flags(_text(name))


def test_language_foreign_article_is_still_annotated(annotate):
    record = annotate(_text("tr-summit"))
    assert record.status == "ok" and "non_english" in record.cleaning.flags and record.blocks
    record = annotate(_text("zh-summit"))
    assert record.status == "ok" and "non_english" in record.cleaning.flags


def test_language_short_texts_are_never_flagged():
    for text in ("Привет, мир", "Erdoğan ve Aliyev Şuşa'da bir araya geldi", "习近平与普京在北京举行会谈",
                 "Scholz empfängt Selenskyj in Berlin", "Lula y Milei se reúnen en Buenos Aires"):
        assert language_evidence(clean_text(text).text).words < 20, text
        assert "non_english" not in _flags(text), text


def test_language_mostly_english_mixed_document_is_not_flagged():
    english = _text("en-turkish-names") + "\n\n" + _text("en-french-quote")
    for foreign in ("ru-summit", "tr-summit", "de-summit", "zh-summit"):
        # two English articles and one foreign article: mostly English
        assert "non_english" not in _flags(english + "\n\n" + _text(foreign)), foreign
    # all eight foreign articles and one English one: mostly not English
    mostly_foreign = "\n\n".join([_text(name) for name in FOREIGN] + [_text("en-french-quote")])
    assert "non_english" in _flags(mostly_foreign)


def test_language_thresholds_are_cleaning_options():
    turkish, english = _text("tr-summit"), _text("en-turkish-names")
    assert "non_english" not in _flags(turkish, CleanConfig(flag_non_english=False))
    assert "non_english" not in _flags(turkish, CleanConfig(non_english_min_words=10_000))
    assert "non_english" in _flags(english, CleanConfig(non_english_min_function_share=0.9))
    assert "non_english" not in _flags(_text("ru-summit"), CleanConfig(non_english_max_script_share=1.0,
                                                                      non_english_min_function_share=0.0))


def test_language_pipeline_config_matches_the_defaults():
    from pipeline.api import clean_config_from, load_pipeline_config

    assert clean_config_from(load_pipeline_config()) == CleanConfig(markdown_to_structure=True)


def test_language_function_words_are_data(tmp_path):
    words = load_function_words()
    assert {"the", "of", "and", "to", "in", "is", "that"} <= words
    assert not words & {"a", "i", "die", "de", "la", "el", "no", "ve", "und", "et", "y", "dan"}
    # a patterns directory with its own list uses it; one without falls back to the bundled list
    (tmp_path / "english_function_words.txt").write_text("# test\nzzz\n", encoding="utf-8")
    assert load_function_words(str(tmp_path)) == frozenset({"zzz"})
    assert load_function_words(str(tmp_path / "other")) == words


def _corpus(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.glob(pattern) if p.suffix in (".txt", ".md", ".html"))


def test_language_bundled_english_articles_are_not_flagged():
    """No false positive on any English article of the repository (samples, gold texts;
    the held-out texts are only counted, never looked at)."""
    samples, dev = _corpus("data/samples/*"), _corpus("data/gold/realnews/dev/texts/*")
    heldout = _corpus("data/gold/heldout/texts/*") + _corpus("data/gold/realnews/heldout/texts/*")
    assert len(samples) >= 10 and len(dev) >= 20 and len(heldout) >= 20
    flagged = [p.name for p in samples + dev if "non_english" in _flags(p.read_text(encoding="utf-8"))]
    assert flagged == []
    n_heldout = sum("non_english" in _flags(p.read_text(encoding="utf-8")) for p in heldout)
    assert n_heldout == 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_language_detector_never_raises(text):
    evidence = language_evidence(text)
    assert evidence.words >= 0 and 0.0 <= evidence.non_latin_share <= 1.0 and 0.0 <= evidence.function_share <= 1.0
    assert is_non_english(text) in (True, False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["the", "Путин", "习近平", "und", " ", "\n", "Şuşa", "1999", "—", "’s", "İlham", "x"]), max_size=200))
def test_language_detector_never_raises_on_mixed_scripts(parts):
    text = " ".join(parts)
    assert is_non_english(text, min_words=1) in (True, False)
    assert "non_english" not in _flags(text) or language_evidence(clean_text(text).text).words >= 20


def test_language_long_text_is_measured_on_bounded_windows():
    """A long text is measured on SAMPLE_WINDOWS windows of SAMPLE_CHARS characters in all
    (the cost per document is bounded), spread over the whole text."""
    english = (_text("en-turkish-names") + "\n\n") * 5_000
    russian = (_text("ru-summit") + "\n\n") * 5_000
    assert not is_non_english(english) and is_non_english(russian)
    sample = language._sample(english, language.SAMPLE_CHARS)
    assert len(sample) <= language.SAMPLE_CHARS + language.SAMPLE_WINDOWS
    # English at the start only (a fifth), Russian after it: mostly not English
    assert is_non_english(english[: len(english) // 5] + russian)
    assert language._sample("short", language.SAMPLE_CHARS) == "short"
