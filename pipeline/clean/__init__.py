"""Text repair for noisy news-article dumps: the first stage of the pipeline.

``clean_text(text, config)`` applies small named fixers (ftfy style), each
``str -> (str, count)`` with a doctest, in one loop that records what changed:

=====================  ===============================  ==============================
fixer                  fix kinds (``CleanResult.fixes``)  flag
=====================  ===============================  ==============================
normalize_line_endings whitespace                       (always on, see whitespace.py)
remove_control_chars   whitespace
collapse_inline_...    whitespace                       (also before ftfy: idempotence)
fix_mojibake           mojibake, html_entity,           mojibake
                       terminal_escape
compose_combining_...  unicode_compose
remove_invisible_chars whitespace
remove_code_fences     code_fence                       code_fence
remove_llm_chatter     llm_chat_artifact                llm_chat_artifact
remove_boilerplate     boilerplate                      boilerplate
normalize_tables       table_empty_columns,             truncated (table_truncated_row)
                       table_ragged_row,
                       table_truncated_row,
                       table_stray_pipe, table_format
remove_duplicate_...   duplicate_paragraph,             duplicate_content
                       duplicate_sentence
uncurl_quotes          uncurl_quotes
collapse_inline_...    whitespace
strip_line_whitespace  whitespace
collapse_blank_lines   whitespace
markdown_to_structure  markdown                         (last; returns the layout)
is_non_english         (none: reads the cleaned text)   non_english
=====================  ===============================  ==============================

Counts are per site (tokens re-decoded, sentences removed, table rows rewritten,
whitespace substitutions). ``flags`` derive from ``fixes`` only, plus ``empty`` when the
cleaned text is empty and ``non_english`` when it is mostly not English (``language.py``:
share of non-Latin letters, share of English function words; the text is not changed). The order matters: encoding is repaired before anything reads
words, fences go before chatter (a fence can precede chatter on a line), chatter before
tables (it is glued inside a table row), tables and dedupe before the final whitespace
pass. Offsets must be taken on ``CleanResult.text``: several fixers change lengths.

The data (chatter regexes, fence language tags, abbreviations, English function words) lives in
``models/clean/`` and is loaded once per directory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ftfy.chardata import DOUBLE_QUOTE_RE, SINGLE_QUOTE_RE

from .boilerplate import remove_boilerplate
from .chatter import remove_llm_chatter
from .dedupe import remove_duplicate_paragraphs
from .fences import remove_code_fences
from .language import is_non_english, language_evidence, load_function_words
from .markdown import Layout, markdown_to_structure
from .mojibake import compose_combining_sequences, fix_mojibake, redecode_utf8_runs
from .patterns import CleanPatterns, CleanPatternsError, load_patterns
from .tables import normalize_tables
from .whitespace import (
    collapse_blank_lines,
    collapse_inline_whitespace,
    normalize_line_endings,
    remove_control_chars,
    remove_invisible_chars,
    strip_line_whitespace,
)

__all__ = [
    "CleanConfig",
    "CleanResult",
    "CleanPatterns",
    "CleanPatternsError",
    "FLAG_OF_KIND",
    "clean_owned_text",
    "clean_text",
    "load_patterns",
    # fixers
    "collapse_blank_lines",
    "collapse_inline_whitespace",
    "compose_combining_sequences",
    "fix_mojibake",
    "is_non_english",
    "language_evidence",
    "normalize_line_endings",
    "normalize_tables",
    "redecode_utf8_runs",
    "remove_code_fences",
    "remove_control_chars",
    "remove_duplicate_paragraphs",
    "remove_invisible_chars",
    "remove_llm_chatter",
    "strip_line_whitespace",
    "uncurl_quotes",
]


@dataclass(frozen=True)
class CleanConfig:
    """Options of :func:`clean_text` (all on by default except quote uncurling).

    - ``fix_mojibake`` (True): ftfy (quote uncurling, ligature, width fixes and NFC off)
      plus a conservative re-decode of UTF-8-read-as-cp1252 runs ftfy misses
      (``ErdoÄŸan`` -> ``Erdoğan``), the lost ``Ł`` byte (``ÅÃ³dÅº`` -> ``Łódź``), HTML
      entities (ftfy's "auto": not when the text contains ``<``) and canonical
      composition of base+combining-mark sequences only.
    - ``uncurl_quotes`` (False): replace curly quotes with straight ones (ftfy's
      default is on; here it is off so ``Putin’s`` keeps its apostrophe).
    - ``remove_llm_chatter`` (True): remove chatbot-assistant sentences, using the
      rules in ``<patterns_path>/chatter.tsv``.
    - ``remove_code_fences`` (True): remove stray ```` ```html ````, ``~~~``, ``“`html``
      markers, keeping text on the same line.
    - ``dedupe_paragraphs`` (True): remove repeated paragraphs (lines) and
      mostly-repeated sentences, keeping the first occurrence.
    - ``normalize_tables`` (True): markdown tables to their real column count,
      ``| a | b |`` spacing, truncated rows closed, stray ``|`` lines removed.
    - ``normalize_whitespace`` (True): NUL/C0 controls, BOM, zero-width characters and
      soft hyphens removed, runs of spaces/tabs collapsed, trailing whitespace
      stripped, 2+ blank lines collapsed to one, leading/trailing blank lines dropped.
      Line endings (CRLF/CR -> LF) are normalised even when this is False.
    - ``remove_boilerplate`` (True): drop page furniture HTML extraction leaves (share
      lists, teaser sections, "Read more", newsletter boxes, photo credits, author
      blocks), by the rules in ``<patterns_path>/boilerplate.json``.
    - ``markdown_to_structure`` (True): markdown markup (``# ``, list markers,
      ``**``/``*`` emphasis, ``\\[`` escapes, inline tags) removed from the text; headings
      and list items are kept as ``CleanResult.layout`` for the structure stage.
    - ``flag_non_english`` (True): flag ``non_english`` a cleaned text that is mostly
      not English (see ``pipeline/clean/language.py``); it is still annotated.
    - ``non_english_min_words`` (20): a text with fewer words is never flagged.
    - ``non_english_max_script_share`` (0.5): flagged when more than this share of its
      letters are in a non-Latin script (Cyrillic, Arabic, Han, ...).
    - ``non_english_min_function_share`` (0.1): flagged when fewer than this share of its
      words are English function words (``<patterns_path>/english_function_words.txt``;
      English news prose: 0.2-0.5, German, French, Spanish, Turkish: under 0.03).
    - ``patterns_path`` (None): directory with ``chatter.tsv``,
      ``fence_languages.txt`` and ``abbreviations.txt`` (and optionally
      ``english_function_words.txt``); None uses the bundled ``models/clean/``.
    """

    fix_mojibake: bool = True
    uncurl_quotes: bool = False
    remove_llm_chatter: bool = True
    remove_code_fences: bool = True
    dedupe_paragraphs: bool = True
    normalize_tables: bool = True
    normalize_whitespace: bool = True
    patterns_path: str | None = None
    remove_boilerplate: bool = True
    markdown_to_structure: bool = False
    flag_non_english: bool = True
    non_english_min_words: int = 20
    non_english_max_script_share: float = 0.5
    non_english_min_function_share: float = 0.1


@dataclass(frozen=True)
class CleanResult:
    """Cleaned text, what was fixed (kind -> count, only kinds that fired), sorted flags,
    and the layout the removed markdown carried ((start, end, kind) of headings and list
    items in ``text``; read by the structure stage)."""

    text: str
    fixes: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    layout: Layout = ()


#: fix kind -> quality flag; kinds not listed raise no flag
FLAG_OF_KIND: dict[str, str] = {
    "mojibake": "mojibake",
    "llm_chat_artifact": "llm_chat_artifact",
    "code_fence": "code_fence",
    "duplicate_paragraph": "duplicate_content",
    "duplicate_sentence": "duplicate_content",
    "table_truncated_row": "truncated",
    "boilerplate": "boilerplate",
}

_QUOTES_RE = re.compile(f"{SINGLE_QUOTE_RE.pattern}|{DOUBLE_QUOTE_RE.pattern}")


def uncurl_quotes(text: str) -> tuple[str, int]:
    """Curly quotes -> straight quotes (only with ``CleanConfig(uncurl_quotes=True)``).

    >>> uncurl_quotes("Putin’s “plan”")
    ('Putin\\'s "plan"', 3)
    """
    return _QUOTES_RE.subn(lambda m: "'" if SINGLE_QUOTE_RE.match(m.group(0)) else '"', text)


#: rounds of :func:`repair_characters` before it gives up on a fixed point
CHARACTER_REPAIR_ROUNDS = 4


def _add_fixes(fixes: dict[str, int], kind: str, n: int) -> None:
    if n:
        fixes[kind] = fixes.get(kind, 0) + n


def repair_characters(text: str, *, mojibake: bool = True, whitespace: bool = True) -> tuple[str, dict[str, int]]:
    """ftfy's repair, NFC composition, then control and invisible characters out, repeated
    until nothing changes: removing a character can expose mojibake it was hiding (a soft
    hyphen between "Â" and "°" keeps ftfy from reading "Â°" as "°"), and cleaning must be
    idempotent. ftfy runs again only when a round removed a character.

    The invisible characters go after ftfy (a soft hyphen is a UTF-8 continuation byte:
    "ChÃ\\xad" is "Chí"; ftfy turns "ï»¿" into a BOM) and before the line-structure fixers
    (a "|\\ufeff" line is a stray pipe); control characters go again after ftfy, which
    decodes overlong UTF-8 ("À\\x80" is C0 80) to a NUL.

    >>> repair_characters("\\xadÂ°C")
    ('°C', {'whitespace': 1, 'mojibake': 1})
    """
    fixes: dict[str, int] = {}
    for _ in range(CHARACTER_REPAIR_ROUNDS if mojibake else 1):
        if mojibake:
            text, counts = fix_mojibake(text)
            for kind, n in counts.items():
                _add_fixes(fixes, kind, n)
            text, n = compose_combining_sequences(text)
            _add_fixes(fixes, "unicode_compose", n)
        text, new_breaks = normalize_line_endings(text)  # ftfy can decode a U+2029
        _add_fixes(fixes, "whitespace", new_breaks)
        if not whitespace:
            break
        text, removed_control = remove_control_chars(text)
        text, removed_invisible = remove_invisible_chars(text)
        _add_fixes(fixes, "whitespace", removed_control + removed_invisible)
        if not (new_breaks or removed_control or removed_invisible):
            break  # ftfy's output is its own fixed point: only a removal can expose more
    return text, fixes


_Fixer = Callable[..., tuple[str, "int | dict[str, int]"]]


@dataclass(frozen=True)
class _Step:
    kind: str | None  # None: the fixer returns its own {kind: count}
    fixer: _Fixer
    option: str | None  # CleanConfig field that enables it; None = always
    needs_patterns: bool = False
    options: dict[str, str] = field(default_factory=dict)  # fixer keyword -> CleanConfig field


_STEPS: tuple[_Step, ...] = (
    _Step("whitespace", normalize_line_endings, None),
    _Step("whitespace", remove_control_chars, "normalize_whitespace"),
    # before ftfy too: ftfy reads "Â\t" and "Â " differently, and cleaning must be idempotent
    _Step("whitespace", collapse_inline_whitespace, "normalize_whitespace"),
    # and lines stripped: ftfy reads a line-initial "Â a" as "\xa0a", but not " Â a"
    _Step("whitespace", strip_line_whitespace, "normalize_whitespace"),
    _Step(None, repair_characters, None, options={"mojibake": "fix_mojibake", "whitespace": "normalize_whitespace"}),
    _Step("code_fence", remove_code_fences, "remove_code_fences", True),
    _Step("llm_chat_artifact", remove_llm_chatter, "remove_llm_chatter", True),
    _Step("boilerplate", remove_boilerplate, "remove_boilerplate", True),
    _Step(None, normalize_tables, "normalize_tables"),
    _Step(None, remove_duplicate_paragraphs, "dedupe_paragraphs", True),
    _Step("uncurl_quotes", uncurl_quotes, "uncurl_quotes"),
    _Step("whitespace", collapse_inline_whitespace, "normalize_whitespace"),
    _Step("whitespace", strip_line_whitespace, "normalize_whitespace"),
    _Step("whitespace", collapse_blank_lines, "normalize_whitespace"),
)


def _flags(fixes: dict[str, int], text: str, config: CleanConfig) -> list[str]:
    flags = {FLAG_OF_KIND[k] for k in fixes if k in FLAG_OF_KIND}
    if not text:
        flags.add("empty")
    elif config.flag_non_english and is_non_english(
        text,
        min_words=config.non_english_min_words,
        max_script_share=config.non_english_max_script_share,
        min_function_share=config.non_english_min_function_share,
        function_words=load_function_words(config.patterns_path),
    ):
        flags.add("non_english")
    return sorted(flags)


def clean_text(text: str, config: CleanConfig = CleanConfig()) -> CleanResult:
    """Repair ``text``; never raises on a ``str``.

    >>> r = clean_text("ErdoÄŸan met Putin.  \\r\\n\\r\\n\\r\\nSure! Here is the rewritten article:\\r\\n")
    >>> r.text, r.fixes, r.flags
    ('Erdoğan met Putin.', {'whitespace': 7, 'mojibake': 1, 'llm_chat_artifact': 2}, ['llm_chat_artifact', 'mojibake'])
    >>> clean_text("").flags
    ['empty']
    """
    return clean_owned_text([text], config)


def clean_owned_text(box: list[str], config: CleanConfig = CleanConfig()) -> CleanResult:
    """:func:`clean_text` of the text in ``box`` (a one-item list), which is emptied: the
    caller gives up its reference, so the input is freed as soon as the first repair
    replaces it. A 50 MB article is then held once while it is cleaned, not twice."""
    text = box.pop()
    if not isinstance(text, str):
        raise TypeError(
            f"[E-CLEAN-010] clean_text() expects str, got {type(text).__name__}; "
            f"decode bytes first (e.g. data.decode('utf-8', errors='replace'))."
        )
    patterns = load_patterns(config.patterns_path)
    fixes: dict[str, int] = {}
    for step in _STEPS:
        if step.option is not None and not getattr(config, step.option):
            continue
        kwargs = {key: getattr(config, name) for key, name in step.options.items()}
        if step.needs_patterns:
            kwargs["patterns"] = patterns
        text, result = step.fixer(text, **kwargs)
        if isinstance(result, dict):
            for kind, n in result.items():
                if n:
                    fixes[kind] = fixes.get(kind, 0) + n
        elif result and step.kind is not None:
            fixes[step.kind] = fixes.get(step.kind, 0) + result
    layout: Layout = ()
    if config.markdown_to_structure:  # last: the layout's offsets are those of the final text
        text, layout, n = markdown_to_structure(text)
        if n:
            fixes["markdown"] = fixes.get("markdown", 0) + n
    return CleanResult(text=text, fixes=fixes, flags=_flags(fixes, text, config), layout=layout)
