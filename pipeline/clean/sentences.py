"""A small rule-based sentence splitter for one line of text.

Chatter removal and duplicate detection both work "at sentence granularity" before
spaCy runs, so they need a splitter that is cheap and predictable, not a perfect one.
A boundary is a run of ``. ! ? …`` (or a ``:``), optionally followed by closing quotes
or brackets, then whitespace, then something that can start a sentence (an uppercase
or uncased letter, a digit, an opening quote or bracket). Periods after known
abbreviations (``Mr.``, ``U.S.``; data file ``abbreviations.txt``) and single-letter
initials (``J. Smith``) are not boundaries.

The colon is a boundary too: chatbot preambles end with one ("Here is the rewritten
article: Russia and ..."), and treating "He said: “We ...”" as two sentences is
harmless for both users of the splitter. A colon after a single word ("Note: I have
...", "Update: ...") is a label, not a boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END_RE = re.compile(r"(?:[.!?…]+|:)[\"'”’»)\]]*(?=\s|$)")
_OPENERS = frozenset("\"'“‘«([¿¡")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)\.$")


def _can_start_sentence(ch: str) -> bool:
    if ch in _OPENERS or ch.isdigit():
        return True
    if ch.isalpha():
        # uppercase, or a script without case (Chinese, Arabic, ...)
        return ch.isupper() or not ch.islower()
    return False


def sentence_spans(line: str, abbreviations: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``line``, whitespace excluded.

    >>> text = "Mr. Putin met Erdoğan. They spoke: “We agree.” it was late"
    >>> [text[s:e] for s, e in sentence_spans(text, {"Mr"})]
    ['Mr. Putin met Erdoğan.', 'They spoke:', '“We agree.” it was late']
    >>> text = "Note: I have added it. Done."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Note: I have added it.', 'Done.']
    >>> sentence_spans("   ")
    []
    """
    spans: list[tuple[int, int]] = []
    n = len(line)
    start = 0
    while start < n and line[start].isspace():
        start += 1
    if start >= n:
        return spans
    for m in _END_RE.finditer(line, start):
        end = m.end()
        if end <= start:
            continue
        nxt = end
        while nxt < n and line[nxt].isspace():
            nxt += 1
        if nxt < n:
            if not _can_start_sentence(line[nxt]):
                continue
            if line[m.start()] == ":" and not any(c.isspace() for c in line[start : m.start()]):
                continue  # a one-word label ("Note: I have ...") is not a sentence
            if line[m.start()] == "." and m.end() - m.start() == 1:
                w = _WORD_BEFORE_RE.search(line, start, m.end())
                if w is not None:
                    word = w.group(1)
                    if word in abbreviations or (len(word) == 1 and word.isupper()):
                        continue
        spans.append((start, end))
        start = nxt
        if start >= n:
            break
    if start < n:
        end = n
        while end > start and line[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
