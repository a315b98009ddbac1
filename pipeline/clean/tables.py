"""Markdown (GFM) table normalisation.

A table is a header line containing ``|`` followed by a separator line
(``|---|:--:|``); its rows are the following lines that contain ``|`` (and start with
``|`` if the header does). Every row is rewritten as ``| a | b | c |`` with single
spaces around the cell text and the separator as ``|---|---|---|`` (alignment colons
kept), so every line of a table has the same number of cells:

- the column count is the largest number of cells up to the last non-empty one, over
  the header and the body rows (the separator does not count: the sample's has 16
  columns for 3 real ones); extra empty trailing cells are dropped
  (``table_empty_columns``, one per row), missing cells are added empty
  (``table_ragged_row``);
- a row cut off mid-row (the header has a closing ``|`` and the row has not: the
  sample's ``| Cultural Exchanges | ... | Stronger mutual`` before the chatbot
  chatter) keeps its complete cells and the partial text of its last cell, is closed
  with `` |`` and padded if needed (``table_truncated_row`` -> flag ``truncated``).
  The partial text is kept rather than dropped because it is real article text;
  downstream code can see the flag;
- lines made only of pipes (the sample's lone ``|`` at the end) and rows whose cells
  are all empty are removed (``table_stray_pipe``);
- any other rewrite (spacing, missing outer pipes) counts as ``table_format``.

Escaped pipes (``\\|``) are not cell borders.
"""

from __future__ import annotations

import re

_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_SEP_CELL_RE = re.compile(r"^\s*:?-+:?\s*$")
# No "\|" between two "[\s|]*": that form backtracks quadratically on "| | | … x".
_PIPES_ONLY_RE = re.compile(r"^(?=[^|]*\|)[\s|]*$")
_SPACES_RE = re.compile(r"[ \t]+")


def _split(line: str) -> tuple[list[str], bool, bool]:
    """Cells of a row, whether it starts with a pipe, whether it ends with one."""
    s = line.strip()
    lead = s.startswith("|")
    if lead:
        s = s[1:]
    closed = s.endswith("|") and not s.endswith("\\|")
    if closed:
        s = s[:-1]
    cells = [_SPACES_RE.sub(" ", c.strip()) for c in _CELL_SPLIT_RE.split(s)]
    return cells, lead, closed


def _is_separator(line: str) -> bool:
    if "-" not in line or "|" not in line:
        return False
    cells, _, _ = _split(line)
    while cells and not cells[-1]:
        cells.pop()
    return bool(cells) and all(_SEP_CELL_RE.match(c) for c in cells)


def _used_width(cells: list[str]) -> int:
    n = len(cells)
    while n and not cells[n - 1]:
        n -= 1
    return n


def _render(cells: list[str]) -> str:
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


def _alignment(cell: str) -> str:
    c = cell.strip()
    left, right = c.startswith(":"), c.endswith(":") and len(c) > 1
    return (":" if left else "") + "---" + (":" if right else "")


def _normalize_block(lines: list[str], i: int, j: int, out: list[str], counts: dict[str, int]) -> None:
    """Append the normalised table ``lines[i:j]`` (header, separator, rows) to ``out``.

    Two passes over the rows, the first for the column count only, so a 100,000-row
    table's cells are never all held; a row already in normal form is kept as it is."""
    header, sep = lines[i], lines[i + 1]
    h_cells, h_lead, h_closed = _split(header)
    width = max(_used_width(h_cells), 1)
    for k in range(i + 2, j):
        width = max(width, _used_width(_split(lines[k])[0]))

    def bump(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    def row(original: str, cells: list[str], closed: bool, is_header: bool) -> str:
        kind = None
        if len(cells) > width:
            kind = "table_empty_columns"
        elif len(cells) < width:
            kind = "table_ragged_row"
        if not is_header and h_lead and h_closed and not closed:
            kind = "table_truncated_row"
        cells = (cells + [""] * width)[:width]
        rendered = _render(cells)
        if kind:
            bump(kind)
        elif rendered != original:
            bump("table_format")
        else:
            return original
        return rendered

    out.append(row(header, h_cells, h_closed, True))
    s_cells, _, _ = _split(sep)
    s_cells = [c for c in s_cells if c.strip()]
    aligned = [_alignment(s_cells[k]) if k < len(s_cells) else "---" for k in range(width)]
    rendered_sep = "|" + "|".join(aligned) + "|"
    if rendered_sep != sep:
        bump("table_empty_columns" if len(_split(sep)[0]) > width else "table_format")
    out.append(rendered_sep)
    for k in range(i + 2, j):
        cells, _, closed = _split(lines[k])
        if not any(cells):
            bump("table_stray_pipe")
            continue
        out.append(row(lines[k], cells, closed, False))


def normalize_tables(text: str) -> tuple[str, dict[str, int]]:
    """Normalise markdown tables to their real column count; drop stray pipe lines.

    >>> t = "| A | B | |||\\n|---|---|---|---|---|\\n| 1 | 2 | |||\\n| 3 | cut off"
    >>> normalize_tables(t)
    ('| A | B |\\n|---|---|\\n| 1 | 2 |\\n| 3 | cut off |', {'table_empty_columns': 3, 'table_truncated_row': 1})
    >>> normalize_tables("Text\\n|\\n")
    ('Text\\n', {'table_stray_pipe': 1})
    """
    if "|" not in text:
        return text, {}
    lines = text.split("\n")
    out: list[str] = []
    counts: dict[str, int] = {}
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "|" not in line:
            out.append(line)
            i += 1
            continue
        next_is_sep = i + 1 < n and _is_separator(lines[i + 1])
        if _PIPES_ONLY_RE.match(line) and not next_is_sep:
            counts["table_stray_pipe"] = counts.get("table_stray_pipe", 0) + 1
            i += 1
            continue
        if next_is_sep and not _is_separator(line):
            lead = line.lstrip().startswith("|")
            j = i + 2
            while j < n and "|" in lines[j] and lines[j].strip():
                if lead and not lines[j].lstrip().startswith("|"):
                    break
                if _is_separator(lines[j]) or (j + 1 < n and _is_separator(lines[j + 1])):
                    break  # a header + separator: the next table starts here
                j += 1
            _normalize_block(lines, i, j, out, counts)
            i = j
            continue
        out.append(line)
        i += 1
    if not counts:  # every line already in normal form: no second copy of the text
        return text, counts
    return "\n".join(out), counts
