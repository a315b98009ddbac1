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

from hashlib import blake2b

from .patterns import CleanPatterns, load_patterns
from .sentences import sentence_spans

MIN_CHARS = 40
MOSTLY_REPEATED = 0.8


def _norm(s: str) -> tuple[bytes, int]:
    """What is compared, and its length: the whitespace-normalised text, kept as a 16-byte
    digest so that remembering every line and sentence of a 50 MB article costs megabytes,
    not a copy of it."""
    norm = " ".join(s.split())
    return blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=16).digest(), len(norm)


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
    seen_lines: set[bytes] = set()
    seen_sents: set[bytes] = set()
    counts: dict[str, int] = {}
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if len(stripped) < MIN_CHARS or stripped.startswith("|"):
            out.append(line)
            if stripped:
                seen_sents.add(_norm(stripped)[0])
            continue
        norm_line, line_chars = _norm(stripped)
        if norm_line in seen_lines:
            counts["duplicate_paragraph"] = counts.get("duplicate_paragraph", 0) + 1
            continue
        spans = sentence_spans(line, p.abbreviations)
        normed = [_norm(line[s:e]) for s, e in spans]
        sents = [digest for digest, _ in normed]
        lengths = [n for _, n in normed]
        local: set[bytes] = set()
        repeated: list[bool] = []
        for s, n in zip(sents, lengths):
            repeated.append(n >= MIN_CHARS and (s in seen_sents or s in local))
            local.add(s)
        if any(repeated):
            all_seen = all(r or s in seen_sents for r, s in zip(repeated, sents))
            if all_seen:
                counts["duplicate_paragraph"] = counts.get("duplicate_paragraph", 0) + 1
                continue
            rep_chars = sum(n for n, r in zip(lengths, repeated) if r)
            if rep_chars >= MOSTLY_REPEATED * line_chars:
                kept = [line[s:e] for (s, e), r in zip(spans, repeated) if not r]
                counts["duplicate_sentence"] = counts.get("duplicate_sentence", 0) + sum(repeated)
                line = " ".join(kept)
        seen_lines.add(norm_line)
        seen_sents.update(sents)
        out.append(line)
    if not counts:
        return text, counts  # nothing repeated: no copy of a long text
    return "\n".join(out), counts
