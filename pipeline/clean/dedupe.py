"""Duplicate paragraphs and sentences (first occurrence wins).

Generated articles repeat themselves, and not always line for line: the sample repeats
two consecutive paragraphs merged into ONE line, glued after a chatbot sentence and a
code fence. So a paragraph (a line) is compared sentence by sentence, with whitespace
normalised, against everything before it:

- a line equal to an earlier line, or whose sentences all appeared earlier, is removed
  (``duplicate_paragraph``);
- a line whose repeated sentences make up at least ``MOSTLY_REPEATED`` (80 %) of its
  characters loses those sentences and keeps the rest (``duplicate_sentence``);
- lines and sentences shorter than ``MIN_CHARS`` (40) never count as repeats: headings
  ("Overview"), short bullets and "Read more." recur legitimately. Table rows (lines
  starting with ``|``) are never compared: identical cells in two tables are normal.

Comparison is exact after whitespace normalisation: no case folding, no fuzzy matching
(a reworded repeat is kept).
"""

from __future__ import annotations

from .patterns import CleanPatterns, load_patterns
from .sentences import sentence_spans

MIN_CHARS = 40
MOSTLY_REPEATED = 0.8


def _norm(s: str) -> str:
    return " ".join(s.split())


def remove_duplicate_paragraphs(
    text: str, *, patterns: CleanPatterns | None = None
) -> tuple[str, dict[str, int]]:
    """Remove repeated paragraphs and mostly-repeated sentences; keep first occurrences.

    >>> a = "Leading analysts emphasize that the path lies in trade."
    >>> b = "Diplomatic engagement, they argue, must go beyond dialogue."
    >>> remove_duplicate_paragraphs(f"{a}\\n{b}\\nOverview\\nOverview\\n{a} {b}")
    ('Leading analysts emphasize that the path lies in trade.\\nDiplomatic engagement, they argue, must go beyond dialogue.\\nOverview\\nOverview', {'duplicate_paragraph': 1})
    """
    p = patterns or load_patterns()
    lines = text.split("\n")
    if len(lines) < 2 and len(text) < 2 * MIN_CHARS:
        return text, {}
    seen_lines: set[str] = set()
    seen_sents: set[str] = set()
    counts: dict[str, int] = {}
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if len(stripped) < MIN_CHARS or stripped.startswith("|"):
            out.append(line)
            if stripped:
                seen_sents.add(_norm(stripped))
            continue
        norm_line = _norm(stripped)
        if norm_line in seen_lines:
            counts["duplicate_paragraph"] = counts.get("duplicate_paragraph", 0) + 1
            continue
        spans = sentence_spans(line, p.abbreviations)
        sents = [_norm(line[s:e]) for s, e in spans]
        local: set[str] = set()
        repeated: list[bool] = []
        for s in sents:
            repeated.append(len(s) >= MIN_CHARS and (s in seen_sents or s in local))
            local.add(s)
        if any(repeated):
            all_seen = all(r or s in seen_sents for r, s in zip(repeated, sents))
            if all_seen:
                counts["duplicate_paragraph"] = counts.get("duplicate_paragraph", 0) + 1
                continue
            rep_chars = sum(len(s) for s, r in zip(sents, repeated) if r)
            if rep_chars >= MOSTLY_REPEATED * len(norm_line):
                kept = [line[s:e] for (s, e), r in zip(spans, repeated) if not r]
                counts["duplicate_sentence"] = counts.get("duplicate_sentence", 0) + sum(repeated)
                line = " ".join(kept)
        seen_lines.add(norm_line)
        seen_sents.update(sents)
        out.append(line)
    return "\n".join(out), counts
