"""Removal of chatbot leftovers ("Sure! Here's the rewritten article:") at sentence level.

The rules are data (``models/clean/chatter.tsv``, one regex per line with a scope and a
comment); this module only applies them:

- ``sentence`` rules must match at the start of a sentence; the sentence is removed.
  Reporting that merely contains the words is safe: in ``The minister said, "Here is
  the plan."`` the sentence starts with "The minister".
- ``inline`` rules may start anywhere: the sample glues "It looks like your HTML
  content got cut off ..." after the words "Stronger mutual" inside a table cell. The
  text from the match to the end of its sentence is removed and the text before it is
  kept; the following chatter sentences ("Here’s the completed ... formatting:") go
  too, because each later sentence is tested on its own.
- ``lead`` rules ("Sure!", "Certainly!") are removed only when the next sentence (on the
  same line or the next non-blank one) is chatter.
- ``marker`` rules remove just the match ("[Continue ...]").

A line left empty is deleted (no blank line is left behind).
"""

from __future__ import annotations

from .patterns import CleanPatterns, load_patterns
from .sentences import sentence_spans


def _line_chatter(
    line: str, p: CleanPatterns
) -> tuple[list[tuple[int, int]], int, bool, bool]:
    """Ranges of ``line`` to delete, count, whether the first sentence is chatter,
    and whether the line is made only of ``lead`` sentences."""
    spans = sentence_spans(line, p.abbreviations)
    if not spans:
        return [], 0, False, False
    kinds: list[str] = []  # "chatter", "lead", "cut", "keep"
    cuts: dict[int, int] = {}
    for i, (s, e) in enumerate(spans):
        sent = line[s:e]
        if p.sentence_re is not None and p.sentence_re.match(sent):
            kinds.append("chatter")
            continue
        if p.inline_re is not None:
            m = p.inline_re.search(sent)
            if m is not None:
                if m.start() == 0:
                    kinds.append("chatter")
                else:
                    kinds.append("cut")
                    cuts[i] = s + m.start()
                continue
        if p.lead_re is not None and p.lead_re.match(sent):
            kinds.append("lead")
            continue
        kinds.append("keep")
    # a lead sentence survives unless the next sentence is removed chatter
    for i in range(len(kinds) - 1, -1, -1):
        if kinds[i] == "lead":
            nxt_is_chatter = i + 1 < len(kinds) and kinds[i + 1] == "chatter"
            kinds[i] = "lead-drop" if nxt_is_chatter else "lead-keep"
    ranges: list[tuple[int, int]] = []
    count = 0
    for i, (s, e) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(line)
        if kinds[i] in ("chatter", "lead-drop"):
            ranges.append((s, end))
            count += 1
        elif kinds[i] == "cut":
            ranges.append((cuts[i], end))
            count += 1
    first_is_chatter = kinds[0] == "chatter"
    only_leads = all(k.startswith("lead") for k in kinds)
    return ranges, count, first_is_chatter, only_leads


def _delete(line: str, ranges: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for s, e in ranges:
        out.append(line[pos:s])
        pos = e
    out.append(line[pos:])
    result = "".join(out)
    return result.rstrip(" \t") if ranges and ranges[-1][1] >= len(line) else result


def remove_llm_chatter(
    text: str, *, patterns: CleanPatterns | None = None
) -> tuple[str, int]:
    """Remove chatbot-assistant sentences; returns the text and the number removed.

    >>> remove_llm_chatter("Sure! Here's the rewritten article:\\nPutin met Erdoğan.\\nI hope this helps!")
    ('Putin met Erdoğan.', 3)
    >>> remove_llm_chatter("| Culture | Stronger mutual It looks like your HTML content got cut off. Here’s the completed version of your HTML content:")
    ('| Culture | Stronger mutual', 2)
    >>> remove_llm_chatter('The minister said, "Here is the plan." It looks like the talks will resume.')[1]
    0
    """
    p = patterns or load_patterns()
    if p.any_chatter_re is None or not p.any_chatter_re.search(text):
        return text, 0
    lines = text.split("\n")
    total = 0
    keep = [True] * len(lines)
    prev_nonblank = -1
    prev_only_leads = False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if p.marker_re is not None:
            line, n_markers = p.marker_re.subn("", line)
            total += n_markers
            if n_markers:
                lines[i] = line
                if not line.strip():
                    keep[i] = False
                    continue
        if not p.any_chatter_re.search(line) and not (p.lead_re and p.lead_re.search(line)):
            prev_nonblank, prev_only_leads = i, False
            continue
        ranges, n, first_is_chatter, only_leads = _line_chatter(line, p)
        if first_is_chatter and prev_only_leads and prev_nonblank >= 0 and keep[prev_nonblank]:
            keep[prev_nonblank] = False  # "Sure!" alone on the line before "Here is ..."
            total += 1
        if n:
            total += n
            line = _delete(line, ranges)
            lines[i] = line
            if not line.strip():
                keep[i] = False
        prev_nonblank, prev_only_leads = i, only_leads and not n
    if not total:
        return text, 0
    return "\n".join(line for line, k in zip(lines, keep) if k), total
