"""Markdown markup -> plain text plus layout (where the headings and list items were).

trafilatura writes an article as markdown ("# " headings, "- " / "1. " list items,
``**bold**`` and ``*italic*``, backslash escapes such as ``\\[1\\]``, inline ``<sup>``),
and many dumps are markdown too. None of these characters belong in ``text``: an entity
or a claim that quotes them is wrong, and "**Read more:**" hides boilerplate from a rule.
:func:`markdown_to_structure` removes them and returns the layout they carried, so the
structure stage still makes headings and lists (tables stay markdown: their pipes are
parsed into columns and rows; a separator row is not prose anyone quotes).

Runs last in :func:`pipeline.clean.clean_text`, so the layout's offsets are final.
"""

from __future__ import annotations

import re

#: layout kinds: "h1" (a level-1 heading: the headline), "heading", "item" (a list item)
Layout = tuple[tuple[int, int, str], ...]

_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(?=\S)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
# A list item's marker at the start of a line; the structure stage reads lists with the same pattern.
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•▪●◦–]|\d{1,3}[.)])[ \t]+(?=\S)")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?=[^\s*_])([^*_\n]+?)(?<=\S)\1[:.]?$")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_CITATION = re.compile(r"[ \t]*(?:\\\[|\[)\d{1,3}(?:\\\]|\])")
_SUP_REF = re.compile(r"<sup>[\s\[\]\\\d,–-]*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:sup|sub|span|em|strong|b|i|u|s|small|mark|br|abbr|cite|font|a|p|div|ins|del)\b[^<>\n]*>",
                  re.IGNORECASE)
_BOLD = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1")  # not a run of asterisks: "*********"
_ITALIC_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?!\w)")
# Backslash escapes markdown writers add; "\|" stays (an escaped pipe inside a table cell).
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~\"'$])")
_SPACES = re.compile(r"[ \t]{2,}")
_INLINE_ROUNDS = 8


def _inline(line: str) -> tuple[str, int]:
    """Inline markup removed from one line: images, links (their text kept), citation
    numbers, tags, emphasis, escapes. Returns the line and how many pieces were removed.

    >>> _inline("in the Indo-Pacific \\\\[1\\\\] and **Friedrich Merz** said")
    ('in the Indo-Pacific and Friedrich Merz said', 2)
    >>> _inline("trade with China<sup>2</sup>, a *key* partner, 5 * 3")
    ('trade with China, a key partner, 5 * 3', 2)
    """
    if not any(c in line for c in "*_\\[<!`"):
        return line, 0
    count = 0
    for _ in range(_INLINE_ROUNDS):  # until nothing changes: removing "**X**" or "\[" can expose more
        before = count
        for regex, repl in ((_IMAGE, ""), (_LINK, r"\1"), (_CITATION, ""), (_SUP_REF, ""), (_TAG, ""),
                            (_CODE, r"\1"), (_BOLD, r"\2"), (_ITALIC_STAR, r"\1"), (_ITALIC_UNDERSCORE, r"\1")):
            line, n = regex.subn(repl, line)
            count += n
        # an escape at the very start stays: unescaped, "\- x" would read as a list item next time
        head, rest = line[:2], line[2:]
        rest, n = _ESCAPE.subn(r"\1", rest)
        count += n
        line = head + rest
        if count == before:
            break
    if count:
        line = _SPACES.sub(" ", line).strip()
    return line, count


def _line_layout(line: str) -> tuple[str, str | None, int]:
    """(text without block markup, layout kind or None, markers removed) of one line."""
    count = 0
    quote = _QUOTE.match(line)
    if quote and not line.lstrip().startswith(">>"):
        line, count = line[quote.end():], 1
    heading = _HEADING.match(line)
    if heading:
        kind = "h1" if len(heading.group(1)) == 1 else "heading"
        body = _CLOSING_HASHES.sub("", line[heading.end():]).strip()
        while _HEADING.match(body) or body.strip("#") == "":  # "# # #": markers only
            if body.strip("#").strip() == "":
                body = ""
                break
            body = _CLOSING_HASHES.sub("", body[_HEADING.match(body).end():]).strip()
        return body, kind, count + 1
    bold = _BOLD_LINE.match(line.strip())
    if bold and not LIST_ITEM.match(line):
        return bold.group(2).strip(), "heading", count + 1
    kind = None
    while True:
        item = LIST_ITEM.match(line)
        if not item:
            break
        line, kind, count = line[item.end():], "item", count + 1
    return line.strip() if count else line, kind, count


def markdown_to_structure(text: str) -> tuple[str, Layout, int]:
    """``text`` without markdown markup, the layout of its headings and list items (in
    offsets of the returned text), and how many pieces of markup were removed.

    >>> out, layout, n = markdown_to_structure("# Summit ends\\n\\n- **Energy** deal\\n- Trade\\n\\n---\\n\\nDone.")
    >>> out
    'Summit ends\\n\\nEnergy deal\\nTrade\\n\\nDone.'
    >>> layout, n
    (((0, 11, 'h1'), (13, 24, 'item'), (25, 30, 'item')), 5)
    """
    if not any(c in text for c in "#*_-+\\[<>!•▪●◦–`") and not re.search(r"(?m)^[ \t]*\d{1,3}[.)][ \t]", text):
        return text, (), 0
    out: list[str] = []
    layout: list[tuple[int, int, str]] = []
    total, pos = 0, 0
    for raw in text.split("\n"):
        if raw.lstrip().startswith("|"):
            line, n = _inline(raw)  # a table row: emphasis and escapes go, pipes stay
            kind = None
        elif _RULE.match(raw) and raw.strip():
            total += 1
            continue  # a horizontal rule carries nothing
        else:
            line, kind, n = _line_layout(raw)
            line, m = _inline(line)
            n += m
            for _ in range(12):  # markup that removing markup exposes ("# - x"): until nothing changes
                again, again_kind, k = _line_layout(line)
                again, m = _inline(again)
                if again == line:
                    break
                line, kind, n = again, kind or again_kind, n + k + m
            if line.strip() and _RULE.match(line):
                total += n + 1
                continue  # "# ---": only a rule was left
        total += n
        if not line.strip() and out and not out[-1].strip():
            continue  # no run of blank lines where a rule or an empty item was
        if kind is not None and line:
            layout.append((pos, pos + len(line), kind))
        out.append(line)
        pos += len(line) + 1
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out), tuple(layout), total
