"""Loading the text-repair data files (chatter rules, fence tags, abbreviations).

The data lives in ``models/clean/`` (never in Python literals, see STYLE.md):

- ``chatter.tsv``: chatbot-leftover rules, ``id<TAB>scope<TAB>regex<TAB>example<TAB>comment``
  (each rule must match its own example; this is checked at load time);
- ``fence_languages.txt``: language tags that may follow a stray code fence;
- ``abbreviations.txt``: tokens whose final period does not end a sentence.

Everything is parsed and compiled once per directory (``functools.lru_cache``), so
:func:`load_patterns` is cheap to call for every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: ``models/clean/`` of the repository (``pipeline/clean/`` -> ``pipeline/`` -> repo root).
#: NOTE: the directory is outside the ``pipeline`` package, so a wheel build needs it
#: added as package data (or ``patterns_path`` pointed at a copy).
DEFAULT_PATTERNS_DIR = Path(__file__).resolve().parents[2] / "models" / "clean"

CHATTER_SCOPES = ("sentence", "inline", "lead", "marker")
#: every chatter rule starts with one of these; the guard makes the combined search cheap
CHATTER_GUARD = r"(?=[A-Z(\[])"


class CleanPatternsError(ValueError):
    """A data file under the patterns directory is missing or malformed."""


@dataclass(frozen=True)
class ChatterRule:
    id: str
    scope: str
    regex: re.Pattern[str]
    example: str
    comment: str


@dataclass(frozen=True)
class CleanPatterns:
    """Compiled data for the text-repair stage (one instance per data directory)."""

    directory: str
    chatter: tuple[ChatterRule, ...]
    #: one alternation per scope, compiled once
    sentence_re: re.Pattern[str] | None
    inline_re: re.Pattern[str] | None
    lead_re: re.Pattern[str] | None
    marker_re: re.Pattern[str] | None
    #: cheap whole-text pre-filter: no hit means no chatter rule can match anywhere
    any_chatter_re: re.Pattern[str] | None
    fence_languages: tuple[str, ...]
    abbreviations: frozenset[str]


def _data_lines(path: Path) -> list[tuple[int, str]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CleanPatternsError(
            f"[E-CLEAN-001] Cannot read {path}: {err}. Set CleanConfig.patterns_path to a "
            f"directory holding chatter.tsv, fence_languages.txt and abbreviations.txt "
            f"(or None for the bundled models/clean/)."
        ) from err
    return [
        (n, line.rstrip("\r"))
        for n, line in enumerate(raw.split("\n"), 1)
        if line.strip() and not line.startswith("#")
    ]


def _alternation(rules: list[ChatterRule]) -> re.Pattern[str] | None:
    if not rules:
        return None
    return re.compile(CHATTER_GUARD + "(?:" + "|".join(f"(?:{r.regex.pattern})" for r in rules) + ")")


def _matches_example(rule: ChatterRule) -> bool:
    guarded = re.compile(CHATTER_GUARD + f"(?:{rule.regex.pattern})")
    if rule.scope in ("inline", "marker"):
        return guarded.search(rule.example) is not None
    return guarded.match(rule.example) is not None


@lru_cache(maxsize=8)
def load_patterns(directory: str | None = None) -> CleanPatterns:
    """Load and compile the data files of ``directory`` (None: bundled ``models/clean/``).

    >>> p = load_patterns()
    >>> sorted({r.scope for r in p.chatter})
    ['inline', 'lead', 'marker', 'sentence']
    >>> 'html' in p.fence_languages and 'Mr' in p.abbreviations
    True
    """
    base = Path(directory) if directory is not None else DEFAULT_PATTERNS_DIR
    rules: list[ChatterRule] = []
    path = base / "chatter.tsv"
    for n, line in _data_lines(path):
        parts = line.split("\t")
        if len(parts) < 4:
            raise CleanPatternsError(
                f"[E-CLEAN-002] {path}:{n}: expected 'id<TAB>scope<TAB>regex<TAB>example<TAB>comment', "
                f"got {len(parts)} field(s). Separate the fields with single tab characters."
            )
        rule_id, scope, pattern = parts[0].strip(), parts[1].strip(), parts[2]
        example = parts[3]
        comment = parts[4] if len(parts) > 4 else ""
        if scope not in CHATTER_SCOPES:
            raise CleanPatternsError(
                f"[E-CLEAN-003] {path}:{n}: unknown scope {scope!r} for rule {rule_id!r}; "
                f"use one of {', '.join(CHATTER_SCOPES)}."
            )
        try:
            regex = re.compile(pattern)
        except re.error as err:
            raise CleanPatternsError(
                f"[E-CLEAN-004] {path}:{n}: rule {rule_id!r} is not a valid Python regex ({err}). "
                f"Fix the pattern; it must compile with re.compile()."
            ) from err
        rule = ChatterRule(rule_id, scope, regex, example, comment)
        if not _matches_example(rule):
            raise CleanPatternsError(
                f"[E-CLEAN-005] {path}:{n}: rule {rule_id!r} does not match its own example "
                f"{example!r}. Fix the regex or the example; the regex must start with an "
                f"uppercase letter, '(' or '[' (see the file header)."
            )
        rules.append(rule)

    by_scope = {s: [r for r in rules if r.scope == s] for s in CHATTER_SCOPES}
    langs = tuple(line.strip().lower() for _, line in _data_lines(base / "fence_languages.txt"))
    abbrevs = frozenset(line.strip() for _, line in _data_lines(base / "abbreviations.txt"))
    return CleanPatterns(
        directory=str(base),
        chatter=tuple(rules),
        sentence_re=_alternation(by_scope["sentence"]),
        inline_re=_alternation(by_scope["inline"]),
        lead_re=_alternation(by_scope["lead"]),
        marker_re=_alternation(by_scope["marker"]),
        any_chatter_re=_alternation(
            by_scope["sentence"] + by_scope["inline"] + by_scope["marker"]
        ),
        fence_languages=langs,
        abbreviations=abbrevs,
    )
