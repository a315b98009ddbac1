"""Is a document mostly not English? The ``non_english`` cleaning flag.

The pipeline's model is English; a Russian, Turkish, Arabic or Chinese article is still
annotated, but flagged so that its (poor) annotations can be filtered. Two cheap,
offline signals, read on the cleaned text:

- the share of letters written in a non-Latin script (Cyrillic, Arabic, Han, Greek,
  Devanagari, ...): above ``max_script_share`` the document is not English;
- the share of words that are English function words (``the``, ``of``, ``and``, ``to``,
  ``that``, ..., the list is data: ``<patterns_path>/english_function_words.txt``):
  English prose runs at 35-50 %, German, French, Spanish, Turkish or Indonesian text at
  a few per cent at most; below ``min_function_share`` the document is not English.
  This also covers non-Latin scripts: their words are never English function words.

A text with fewer than ``min_words`` words is never flagged (too little evidence). A word
is a run of letters; in scripts written without spaces (Chinese, Japanese, Thai, Lao,
Khmer, Myanmar) every two characters count as one word. Cost: two or three regular
expression passes and one :class:`collections.Counter` over the words (no per-character
Python loop); ASCII text skips the script pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patterns import DEFAULT_PATTERNS_DIR

WORDS_FILE = "english_function_words.txt"
#: longest text measured as a whole; a longer one is measured on SAMPLE_WINDOWS windows
SAMPLE_CHARS = 20_000
SAMPLE_WINDOWS = 8

#: a run of letters (no digits, no underscore)
_WORD_RE = re.compile(r"[^\W\d_]+")
#: letters outside the Latin script blocks (Basic Latin, Latin-1, Extended-A/B, IPA,
#: Extended Additional, Extended-C/D, ligatures, fullwidth Latin)
_LATIN = "A-Za-z\u00aa-\u024f\u0250-\u02af\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
_NON_LATIN_RE = re.compile(rf"[^\W\d_{_LATIN}]+")
#: scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer,
#: kana, CJK ideographs (with extension A and compatibility), Hangul is spaced
_UNSPACED_RE = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)


_EDGE_PUNCT = "\"'()[]{}<>.,;:!?*_|-–—“”‘’«»„…/"


class LanguageDataError(ValueError):
    """The English function-word list is missing or empty."""


@lru_cache(maxsize=8)
def load_function_words(directory: str | None = None) -> frozenset[str]:
    """The English function words of ``<directory>/english_function_words.txt``
    (``models/clean/`` when None, or when ``directory`` has no such file).

    >>> {"the", "of", "and"} <= load_function_words()
    True
    """
    path = Path(directory) / WORDS_FILE if directory is not None else DEFAULT_PATTERNS_DIR / WORDS_FILE
    if not path.exists():
        path = DEFAULT_PATTERNS_DIR / WORDS_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LanguageDataError(f"[E-CLEAN-030] Cannot read {path}: {err}.") from err
    words = frozenset(w.strip().lower() for w in raw.split("\n") if w.strip() and not w.startswith("#"))
    if not words:
        raise LanguageDataError(f"[E-CLEAN-031] {path} lists no words (one lower-case word a line).")
    return words


@dataclass(frozen=True)
class LanguageEvidence:
    """What the flag is decided on: ``words`` (see the module doc), the share of letters
    in a non-Latin script, the share of words that are English function words."""

    words: int
    non_latin_share: float
    function_share: float


def _sample(text: str, max_chars: int) -> str:
    """``text``, or for a longer text ``SAMPLE_WINDOWS`` evenly spaced windows of it
    (``max_chars`` in all), so that the cost is bounded per document."""
    if len(text) <= max_chars:
        return text
    width = max_chars // SAMPLE_WINDOWS
    step = (len(text) - width) // (SAMPLE_WINDOWS - 1)
    return "\n".join(text[k * step:k * step + width] for k in range(SAMPLE_WINDOWS))


def language_evidence(text: str, function_words: frozenset[str] | None = None,
                      max_chars: int = SAMPLE_CHARS) -> LanguageEvidence:
    """Measure ``text`` (at most ``max_chars`` of it, see :func:`_sample`); never raises on a ``str``.

    >>> e = language_evidence("The talks in Baku focused on energy and on the corridor to Europe.")
    >>> e.words, e.non_latin_share, round(e.function_share, 2)
    (13, 0.0, 0.38)
    >>> language_evidence("Переговоры в Баку были посвящены энергетике.").non_latin_share
    1.0
    """
    if function_words is None:
        function_words = load_function_words()
    text = _sample(text, max_chars)
    # Whitespace tokens counted in C; Python only looks at each distinct token once.
    words = function = 0
    for token, n in Counter(text.lower().split()).items():
        if token in function_words:
            function += n
            words += n
            continue
        core = token if token.isalpha() else token.strip(_EDGE_PUNCT)  # "the," "(the" "“the"
        if core.isalpha():
            words += n
            function += n if core in function_words else 0
            continue
        pieces = _WORD_RE.findall(core)  # "Erdoğan’s", "Касым-Жомарт": runs of letters
        if pieces:  # not numbers, dashes, pipes
            words += n * len(pieces)
            function += n * sum(p in function_words for p in pieces)
    non_latin_share = 0.0
    if not text.isascii() and _NON_LATIN_RE.search(text):
        letters = sum(map(len, _WORD_RE.findall(text)))
        non_latin_share = min(1.0, sum(map(len, _NON_LATIN_RE.findall(text))) / letters)
        words += sum(map(len, _UNSPACED_RE.findall(text))) // 2
    if not words:
        return LanguageEvidence(0, 0.0, 0.0)
    return LanguageEvidence(words, non_latin_share, function / words)


def is_non_english(text: str, *, min_words: int = 20, max_script_share: float = 0.5,
                   min_function_share: float = 0.1, function_words: frozenset[str] | None = None) -> bool:
    """Whether ``text`` is mostly not English (see the module doc for the rule).

    >>> is_non_english("Die Gespräche in Baku drehten sich um Energie, Handel und den Korridor nach Europa, "
    ...                "sagte der Sprecher des Ministeriums am Dienstag vor Journalisten in der Hauptstadt.")
    True
    >>> is_non_english("Erdoğan and Aliyev met in Şuşa on Tuesday to discuss the corridor that would link "
    ...                "the two countries through Nakhchivan, officials said after the talks.")
    False
    >>> is_non_english("Привет, мир")  # too short to tell
    False
    """
    evidence = language_evidence(text, function_words)
    if evidence.words < min_words:
        return False
    return evidence.non_latin_share > max_script_share or evidence.function_share < min_function_share
