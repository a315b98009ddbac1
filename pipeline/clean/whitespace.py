r"""Whitespace and invisible-character fixers.

Choices (documented here because they are judgement calls):

- Line endings: ``\r\n``, ``\r``, U+2028/U+2029, vertical tab and form feed become
  ``\n``. This one runs even with ``normalize_whitespace=False``: every other fixer
  works line by line.
- Removed outright: NUL and the other C0 controls (except tab and newline), DEL, BOM /
  ZWNBSP (U+FEFF), zero-width space (U+200B), word joiner (U+2060), soft hyphen
  (U+00AD, it splits words for NER: ``Erdo\xadğan``), the deprecated format characters
  U+206A-U+206F and interlinear annotation marks U+FFF9-U+FFFB.
- ZWJ/ZWNJ (U+200D/U+200C) are kept between two non-ASCII characters (emoji sequences
  👨‍👩‍👧, Persian and Indic orthography) and removed next to ASCII or at a line edge.
- Non-breaking and other Unicode spaces (U+00A0, U+202F, U+2009, U+3000...) inside a
  line are legitimate typography (French ``10 000 €``, ``Le Monde :``) and are kept;
  at line ends they are stripped like any trailing whitespace.
- Inside a line, runs of spaces/tabs (and a lone tab) become one space. Leading
  indentation is kept only for list items (markdown nesting) and removed elsewhere
  (four leading spaces would turn prose into a markdown code block).
- Two or more blank lines become one blank line; leading/trailing blank lines go. The
  sample separates blocks with single newlines: those are kept as they are.
"""

from __future__ import annotations

import re

_LINE_BREAK_RE = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c]")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_INVISIBLE_RE = re.compile(
    "[\u200b\u2060\ufeff\u00ad\u206a-\u206f\ufff9-\ufffb]"
    "|(?<![^\x00-\x7f])[\u200c\u200d]"  # ZWJ/ZWNJ after ASCII or at the start
    "|[\u200c\u200d](?![^\x00-\x7f])"  # ... or before ASCII or at the end
)
_INVISIBLE_PROBE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\u206a-\u206f\ufff9-\ufffb]")
_INLINE_WS_RE = re.compile(r"(?<=\S)(?:[ \t]*\t[ \t]*|  +)(?=\S)")
_TRAILING_WS_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$", re.M)
_LEADING_WS_RE = re.compile(r"^[ \t]+(?!(?:[-*+•]|\d{1,3}[.)])[ \t])(?=\S)", re.M)
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def normalize_line_endings(text: str) -> tuple[str, int]:
    r"""CRLF, CR and Unicode line/paragraph separators -> ``\n``.

    >>> normalize_line_endings("a\r\nb\rc\u2028d")
    ('a\nb\nc\nd', 3)
    """
    if "\r" not in text and not _LINE_BREAK_RE.search(text):
        return text, 0
    return _LINE_BREAK_RE.subn("\n", text)


def remove_control_chars(text: str) -> tuple[str, int]:
    r"""Remove NUL and other C0 control characters (tab and newline stay).

    >>> remove_control_chars("Put\x00in\x07\tsaid")
    ('Putin\tsaid', 2)
    """
    return _CONTROL_RE.subn("", text)


def remove_invisible_chars(text: str) -> tuple[str, int]:
    r"""Remove BOM, zero-width space, word joiner, soft hyphen; ZWJ/ZWNJ next to ASCII.

    >>> remove_invisible_chars("\ufeffErdo\u200bğan\u00ad Put\u200din 👨\u200d👩")
    ('Erdoğan Putin 👨\u200d👩', 4)
    """
    if text.isascii() or not _INVISIBLE_PROBE_RE.search(text):
        return text, 0
    return _INVISIBLE_RE.subn("", text)


def collapse_inline_whitespace(text: str) -> tuple[str, int]:
    r"""Runs of spaces/tabs between visible characters -> one space.

    >>> collapse_inline_whitespace("Putin  and\tErdoğan \t met\n  - item")
    ('Putin and Erdoğan met\n  - item', 3)
    """
    if "\t" not in text and "  " not in text:
        return text, 0
    return _INLINE_WS_RE.subn(" ", text)


def strip_line_whitespace(text: str) -> tuple[str, int]:
    r"""Strip trailing whitespace on every line and leading indentation outside lists.

    >>> strip_line_whitespace("  Putin met Erdoğan.  \n  - nested item\n   \nEnd\u00a0")
    ('Putin met Erdoğan.\n  - nested item\n\nEnd', 4)
    """
    text, n_trailing = _TRAILING_WS_RE.subn("", text)
    text, n_leading = _LEADING_WS_RE.subn("", text)
    return text, n_trailing + n_leading


def collapse_blank_lines(text: str) -> tuple[str, int]:
    r"""Two or more blank lines -> one; drop blank lines at the start and the end.

    >>> collapse_blank_lines("\n\nA\n\n\n\nB\nC\n\n")
    ('A\n\nB\nC', 3)
    """
    text, n = _BLANK_RUN_RE.subn("\n\n", text)
    stripped = text.strip("\n")
    if stripped != text:
        n += (text[: len(text) - len(text.lstrip("\n"))] != "") + (
            text[len(text.rstrip("\n")) :] != ""
        )
    return stripped, n
