"""Page furniture left by HTML extraction: share lists, teasers, newsletter boxes, credits.

trafilatura keeps the article body, but on real pages lines such as "Share on Facebook",
"Trending on ...", "Read more: ...", "Sign up for our newsletter", "Photo: X/AFP" and
"Reporting by ...; Editing by ..." survive it, and downstream they become spurious
entities, positions and claims. The rules are data (``models/clean/boilerplate.json``):
a regex that must match a whole line once markdown markup is stripped from it, a scope
(``line``: the line goes; ``section``: the line and the teaser lines after it go), an
example it must match and a negative example it must not (both checked at load time).
Only short lines are candidates, so a paragraph of reporting is never removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .markdown import _inline, _line_layout

#: lines longer than this are reporting, never furniture (and regexes stay cheap)
MAX_LINE = 300
#: a teaser after a section header: at most this many words and no closing punctuation
TEASER_WORDS = 16
_SENTENCE_END = re.compile(r"[.!?]['’\"”)]*$")


class BoilerplateRulesError(ValueError):
    """``boilerplate.json`` is malformed, or a rule does not match its own example."""


@dataclass(frozen=True)
class BoilerplateRule:
    id: str
    scope: str
    regex: re.Pattern[str]
    example: str
    negative: str


def normalized_line(line: str) -> str:
    """A line as the rules see it: markdown markers and emphasis gone, curly
    apostrophes straight, spaces collapsed.

    >>> normalized_line("- **Read more:** Japan’s  pact")
    "Read more: Japan's pact"
    """
    text, _, _ = _line_layout(line)
    text, _ = _inline(text)
    return " ".join(text.replace("’", "'").split())


@lru_cache(maxsize=None)
def load_boilerplate_rules(directory: str | None = None) -> tuple[BoilerplateRule, ...]:
    """The rules of ``<directory>/boilerplate.json`` (default ``models/clean/``), compiled
    once; each must match its example and not its negative example."""
    import json

    from .patterns import DEFAULT_PATTERNS_DIR

    path = Path(directory or DEFAULT_PATTERNS_DIR) / "boilerplate.json"
    if not path.exists():
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = tuple(
            BoilerplateRule(r["id"], r["scope"], re.compile(r["pattern"], re.IGNORECASE), r["example"], r.get("negative", ""))
            for r in data["rules"]
        )
    except (KeyError, TypeError, ValueError, re.error) as err:
        raise BoilerplateRulesError(f"[E-CLEAN-020] {path} is malformed: {err}. Each rule needs id, scope, pattern, example.") from err
    for rule in rules:
        if rule.scope not in ("line", "section"):
            raise BoilerplateRulesError(f"[E-CLEAN-021] rule {rule.id!r} in {path}: scope must be 'line' or 'section'.")
        if not rule.regex.fullmatch(normalized_line(rule.example)):
            raise BoilerplateRulesError(f"[E-CLEAN-022] rule {rule.id!r} in {path} does not match its example {rule.example!r}.")
        if rule.negative and rule.regex.fullmatch(normalized_line(rule.negative)):
            raise BoilerplateRulesError(f"[E-CLEAN-023] rule {rule.id!r} in {path} matches its negative example {rule.negative!r}.")
    return rules


@lru_cache(maxsize=8)
def _any_rule(rules: tuple[BoilerplateRule, ...]) -> re.Pattern[str]:
    """All rules as one alternation: one match attempt per line decides most lines."""
    return re.compile("|".join(f"(?:{rule.regex.pattern})" for rule in rules), re.IGNORECASE)


def matching_rule(line: str, rules: tuple[BoilerplateRule, ...]) -> BoilerplateRule | None:
    """The first rule that matches the whole (normalized) line, if any."""
    if not line.strip() or len(line) > MAX_LINE or line.lstrip().startswith("|"):
        return None
    norm = normalized_line(line)
    if not norm or not _any_rule(rules).fullmatch(norm):
        return None
    return next((rule for rule in rules if rule.regex.fullmatch(norm)), None)


def _is_teaser(line: str) -> bool:
    """A headline-like line under a teaser header: a list item, or short and unpunctuated."""
    norm = normalized_line(line)
    if not norm:
        return False
    _, kind, _ = _line_layout(line)
    if kind in ("h1", "heading"):
        return False  # the article's next section
    return kind == "item" or (len(norm.split()) <= TEASER_WORDS and not _SENTENCE_END.search(norm))


def remove_boilerplate(text: str, *, patterns=None) -> tuple[str, int]:
    """Lines of page furniture removed; returns the text and how many lines went.

    >>> remove_boilerplate("Ruto met Ramaphosa.\\n\\nShare on Facebook\\n\\nTrending on X News\\n- Teaser one\\n- Teaser two\\n\\nTalks went on.")
    ('Ruto met Ramaphosa.\\n\\n\\n\\nTalks went on.', 4)
    """
    rules = load_boilerplate_rules(getattr(patterns, "directory", None))
    if not rules:
        return text, 0
    lines = text.split("\n")
    keep: list[str] = []
    removed = 0
    i = 0
    while i < len(lines):
        rule = matching_rule(lines[i], rules)
        if rule is None:
            keep.append(lines[i])
            i += 1
            continue
        removed += 1
        i += 1
        if rule.scope == "section":
            j = i
            while j < len(lines) and (not lines[j].strip() or (len(lines[j]) <= MAX_LINE and _is_teaser(lines[j]))):
                j += 1
            # trailing blank lines belong to what follows
            while j > i and not lines[j - 1].strip():
                j -= 1
            removed += sum(1 for line in lines[i:j] if line.strip())
            i = j
    return "\n".join(keep), removed
