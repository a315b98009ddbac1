"""Document structure: title, byline, headings, paragraphs, bullet lists and markdown tables.

The title is an H1, else the first title-case heading, else a first line that reads as a
headline in sentence case; bylines ("By Anna Keller, Reuters") are blocks of their own
(patterns in ``models/clean/bylines.json``). Headings and list items whose markdown
markers cleaning removed come as a layout (``doc._.newsclaims_layout``).

Structure is read from the cleaned text, line by line, before any statistical model
runs. The ``newsclaims_structure`` component stores the blocks on the Doc (a span group
and a plain-data Doc extension) and marks sentence starts at every block, list item and
table cell, so the parser never builds a sentence across a block boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .clean.markdown import LIST_ITEM
from .doccache import doc_text
from .paths import read_json

_NOT_A_START = 2**64 - 1  # SENT_START -1 ("not a start") as spaCy stores it, in uint64

BLOCKS_KEY = "newsclaims_blocks"
"""Span group with one span per block; the span label is the block kind."""

_MARKER_TOKEN = re.compile(r"^(?:[-*+•▪●◦–]|\d{1,3}[.)]?)$")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?=\S)")
_BOLD_LINE = re.compile(r"^\*\*[^*].*\*\*$")
_TABLE_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_SENTENCE_END = re.compile(r"[.!?:;,]['’\"”)]*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words that stay lower case in English title case; they do not count against a heading.
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into nor of on onto or over per so than the to up via vs with amid amidst".split()
)


@lru_cache(maxsize=None)
def _byline_rules() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    """The byline pattern, the words allowed after the names and the pattern of a byline
    without "By" (``models/clean/bylines.json``)."""
    data = read_json(None, "clean", "bylines.json")
    return re.compile(data["pattern"]), frozenset(data["rest_words"]), re.compile(data["bare_pattern"])


def _byline_match(line: str, bare: bool = False) -> re.Match[str] | None:
    s = line.strip()
    if len(s) > 160:
        return None
    pattern, rest_words, bare_pattern = _byline_rules()
    if bare and bare_pattern.fullmatch(s):
        return bare_pattern.fullmatch(s)
    if not s.startswith(("By", "BY", "Written", "WRITTEN", "Words", "Story", "Text", "Reported", "Author", "Reporter")):
        return None
    m = pattern.fullmatch(s)
    if m is None:
        return None
    rest = m.group("rest") or ""
    if any(w.islower() and w not in rest_words for w in _WORD.findall(rest)):
        return None  # "By Monday Evening, the talks had stalled": prose
    return m


def is_byline(line: str, bare: bool = False) -> bool:
    """A byline line: "By Anna Keller and Tom Berg, Reuters" (not "By Tuesday, talks
    stalled"); with ``bare`` also "Kenji Watanabe in Tokyo" (for the line under a headline)."""
    return _byline_match(line, bare) is not None


def byline_authors(line: str) -> list[str]:
    """The names of a byline line.

    >>> byline_authors("By Anna Keller and Tom Berg, Reuters")
    ['Anna Keller', 'Tom Berg']
    """
    m = _byline_match(line, bare=True)
    if m is None:
        return []
    _, rest_words, _ = _byline_rules()
    parts = re.split(r"(\s*,\s*|\s+(?:and|AND)\s+|\s*&\s*)", m.group("names"))
    names, separators = parts[0::2], [sep.strip() for sep in parts[1::2]]
    # "A, B and C" is a list of names; in "A, Cable News Hub" or "A and B, Wire World"
    # what follows a comma after the last "and" (or with no "and") is the outlet or a role.
    last_and = max((k for k, sep in enumerate(separators) if sep != ","), default=-1)
    names = names[: last_and + 2] if last_and >= 0 else names[:1]
    names = [n for n in names if n and not all(w.lower() in rest_words for w in n.split())]  # "Chief Correspondent"
    return [n.title() if n.isupper() else n for n in names]


@dataclass(slots=True)
class Block:
    """One structural block, with character offsets into the cleaned text.

    ``units`` are the (start, end) ranges that must be sentences of their own: list
    items and table cells; for other blocks it is the whole block.
    """

    id: int
    kind: str
    start: int
    end: int
    units: list[tuple[int, int]] = field(default_factory=list)
    columns: list[str] | None = None
    rows: list[list[str]] | None = None
    # Offsets of each body row's cells: rows_cells[r][c] == (start, end).
    cell_offsets: list[list[tuple[int, int]]] | None = None
    header_offsets: list[tuple[int, int]] | None = None

    def to_data(self) -> dict:
        """Plain JSON-able form (kept on ``Doc._`` so Docs stay serialisable)."""
        data: dict = {"id": self.id, "kind": self.kind, "start": self.start, "end": self.end,
                      "units": [list(u) for u in self.units]}
        if self.kind == "table":
            data["table"] = {"columns": self.columns or [], "rows": self.rows or []}
            data["cell_offsets"] = [[list(c) for c in row] for row in self.cell_offsets or []]
            data["header_offsets"] = [list(c) for c in self.header_offsets or []]
        return data


@dataclass(slots=True)
class _Line:
    """One line of ``source`` by its offsets: the line's text is sliced when read, so the
    lines of a 50 MB document are not a second copy of it."""

    start: int
    end: int
    source: str

    @property
    def text(self) -> str:
        return self.source[self.start:self.end]

    @property
    def stripped(self) -> str:
        return self.source[self.start:self.end].strip()


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            lines.append(_Line(pos, len(text), text))
            return lines
        lines.append(_Line(pos, end, text))
        pos = end + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_table_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def split_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell ranges of one table row ``text[start:end]``, trimmed; outer pipes dropped."""
    row = text[start:end]
    bounds = [i for i, ch in enumerate(row) if ch == "|" and (i == 0 or row[i - 1] != "\\")]
    stripped = row.strip()
    if not stripped.startswith("|"):
        bounds.insert(0, -1)
    if not stripped.endswith("|") or (bounds and bounds[-1] != len(row.rstrip()) - 1):
        bounds.append(len(row.rstrip()))
    cells = []
    for left, right in zip(bounds, bounds[1:]):
        cells.append(_trim(text, start + left + 1, start + right))
    return cells


def is_separator(cells: list[str]) -> bool:
    """A markdown table's separator row ("|---|:--:|"), given its cell texts."""
    return bool(cells) and all(_TABLE_SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells if c) and any(cells)


def looks_like_heading(line: str) -> bool:
    """A short line in title case with no closing punctuation, e.g.
    "Erdoğan and Putin Convene in Turkmenistan to Address Regional Security Challenges"."""
    s = line.strip()
    if not s or _SENTENCE_END.search(s) or is_table_line(s) or LIST_ITEM.match(s):
        return False
    words = _WORD.findall(s)
    if not 1 <= len(words) <= 18:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    if not major:
        return False
    capitalised = sum(1 for w in major if w[0].isupper())
    return capitalised / len(major) >= 0.75


def parse_blocks(text: str, layout: Iterable[tuple[int, int, str]] | None = None, cells: bool = True) -> list[Block]:
    """Split cleaned text into blocks.

    Rules, in order, per line: table rows (``| a | b |``) group into one table; list
    items (``- x``, ``1. x``) group into one list; markdown ``#`` headings, ``**bold**``
    lines and short title-case lines without final punctuation are headings; everything
    else is prose, and consecutive prose lines without a blank line between them form one
    paragraph only when the document separates paragraphs by blank lines (hard-wrapped
    text). The first heading-like line among the first two blocks becomes the title.
    ``layout`` ((start, end, kind) of lines whose markdown cleaning removed:
    ``h1``/``heading``/``item``) makes those lines headings and list items too.
    Without ``cells`` a table block has its bounds and columns but no cells, units or
    rows (a long document's whole-text parse; :func:`table_body` gives the rows).
    """
    lines = _lines(text)
    marks = {start: kind for start, _end, kind in layout or ()}
    uses_blank_separators = any(not ln.stripped for ln in lines[1:-1]) and _looks_hard_wrapped(lines, marks)
    blocks: list[Block] = []
    h1: set[int] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.stripped
        if not s:
            i += 1
            continue
        if is_table_line(s):
            j = i
            while j < len(lines) and is_table_line(lines[j].stripped):
                j += 1
            blocks.append(_table_block(text, lines[i:j], len(blocks), cells))
            i = j
        elif LIST_ITEM.match(line.text) or marks.get(line.start) == "item":
            j = i
            while j < len(lines) and (LIST_ITEM.match(lines[j].text) or marks.get(lines[j].start) == "item"):
                j += 1
            units = []
            for item in lines[i:j]:
                marker = LIST_ITEM.match(item.text)
                units.append(_trim(text, item.start + (marker.end() if marker else 0), item.end))
            start, end = _trim(text, lines[i].start, lines[j - 1].end)
            blocks.append(Block(len(blocks), "list", start, end, units))
            i = j
        elif marks.get(line.start) != "h1" and is_byline(s, bare=_under_headline(blocks, text)):
            start, end = _trim(text, line.start, line.end)
            blocks.append(Block(len(blocks), "byline", start, end, [(start, end)]))
            i += 1
        elif marks.get(line.start) in ("h1", "heading") or _MD_HEADING.match(line.text) or _BOLD_LINE.match(s) or looks_like_heading(s):
            start, end = _trim(text, line.start, line.end)
            if marks.get(line.start) == "h1" or s.startswith("# "):
                h1.add(len(blocks))
            blocks.append(Block(len(blocks), "heading", start, end, [_heading_unit(text, start, end)]))
            i += 1
        else:
            j = i + 1
            if uses_blank_separators:
                while j < len(lines) and lines[j].stripped and not _starts_other_block(lines[j], marks):
                    j += 1
            start, end = _trim(text, line.start, lines[j - 1].end)
            blocks.append(Block(len(blocks), "paragraph", start, end, [(start, end)]))
            i = j
    _mark_title(blocks, text, h1)
    return blocks


def _under_headline(blocks: list[Block], text: str) -> bool:
    """The line being read comes right after a first one-line block (the headline)."""
    return len(blocks) == 1 and blocks[0].kind in ("heading", "paragraph") and "\n" not in text[blocks[0].start:blocks[0].end]


def _looks_hard_wrapped(lines: list[_Line], marks: dict[int, str] | None = None) -> bool:
    """Hard-wrapped prose: many lines of similar, moderate length (e.g. 60-80 chars)."""
    prose = [len(ln.text) for ln in lines if ln.stripped and not _starts_other_block(ln, marks)]
    if len(prose) < 4:
        return False
    wrapped = sum(1 for n in prose if 50 <= n <= 100)
    return wrapped / len(prose) >= 0.6


def _starts_other_block(line: _Line, marks: dict[int, str] | None = None) -> bool:
    s = line.stripped
    return bool(is_table_line(s) or LIST_ITEM.match(line.text) or _MD_HEADING.match(line.text)
                or (marks and line.start in marks))


def _heading_unit(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading text without markdown markers (``## `` or ``**``)."""
    m = _MD_HEADING.match(text[start:end])
    if m:
        start += m.end()
    if text[start:end].startswith("**") and text[start:end].endswith("**") and end - start > 4:
        start, end = start + 2, end - 2
    return _trim(text, start, end)


def _table_block(text: str, rows: list[_Line], block_id: int, cells: bool = True) -> Block:
    """A table block; without ``cells`` only its bounds and columns (see :func:`table_body`)."""
    start, end = _trim(text, rows[0].start, rows[-1].end)
    if not cells:
        header = _header_offsets(text, rows)
        return Block(block_id, "table", start, end, [], [text[a:b] for a, b in header], None, None, header)
    parsed = [split_cells(text, r.start, r.end) for r in rows]
    values = [[text[a:b] for a, b in cells] for cells in parsed]
    header_idx = None
    if len(values) >= 2 and is_separator(values[1]):
        header_idx = 0
    body = [k for k in range(len(values)) if k != header_idx and not is_separator(values[k])]
    columns = values[header_idx] if header_idx is not None else []
    header_offsets = parsed[header_idx] if header_idx is not None else []
    body_rows = [values[k] for k in body]
    body_offsets = [parsed[k] for k in body]
    units = [c for c in header_offsets if c[0] < c[1]]
    for row in body_offsets:
        units.extend(c for c in row if c[0] < c[1])
    return Block(block_id, "table", start, end, units, columns, body_rows, body_offsets, header_offsets)


def _cell_values(text: str, line: _Line) -> list[str]:
    return [text[a:b] for a, b in split_cells(text, line.start, line.end)]


def _header_offsets(text: str, rows: list[_Line]) -> list[tuple[int, int]]:
    """The header row's cells when the second row is a separator, else none."""
    if len(rows) >= 2 and is_separator(_cell_values(text, rows[1])):
        return split_cells(text, rows[0].start, rows[0].end)
    return []


def table_body(text: str, block: Block) -> Iterator[list[str]]:
    """The body rows' cell texts of a table block, one row at a time (the same rows as
    ``Block.rows`` of a full parse): a 100,000-row table of a long document is written
    row by row instead of being held."""
    rows = _lines_between(text, block.start, block.end)
    header = 0 if block.header_offsets else None
    for k, line in enumerate(rows):
        values = _cell_values(text, line)
        if k != header and not is_separator(values):
            yield values


def _lines_between(text: str, start: int, end: int) -> Iterator[_Line]:
    pos = text.rfind("\n", 0, start) + 1
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        yield _Line(pos, stop, text)
        pos = stop + 1


def _mark_title(blocks: list[Block], text: str, h1: set[int] = frozenset()) -> None:
    """Promote the headline to ``title``: an H1, else the first heading among the first two blocks."""
    for block in blocks:
        if block.kind == "heading" and block.id in h1:
            block.kind = "title"
            return
    headline = _sentence_case_headline(blocks, text)
    for block in blocks[:2]:
        if block.kind == "heading" and (headline is None or block.id < headline.id and not _is_kicker(block, text)):
            block.kind = "title"
            return
    if headline is not None:
        headline.kind = "title"


#: a headline has at least this many words and at most _HEADLINE_MAX ("Pope visits Lebanon")
_HEADLINE_MIN, _HEADLINE_MAX = 3, 25
_HEADLINE_END = re.compile(r"[.,;:]['’\"”)]*$")


def _is_kicker(block: Block, text: str) -> bool:
    """A one- or two-word label above a headline ("ANALYSIS", "World", "Middle East")."""
    line = text[block.start:block.end]
    return (block.kind in ("paragraph", "heading") and 0 < len(_WORD.findall(line)) < _HEADLINE_MIN
            and not _HEADLINE_END.search(line) and "\n" not in line and not line.startswith("#"))


def _sentence_case_headline(blocks: list[Block], text: str) -> Block | None:
    """The first line when it reads as a headline in sentence case ("Merz and Takaichi
    pledge closer security ties in Tokyo"): one line of 3-25 words that starts with a
    capital and does not end like a sentence, followed by longer body text (after a
    byline, if any). A one- or two-word kicker before it ("ANALYSIS", "World") is skipped."""
    candidates = [b for b in blocks[:3] if b.kind != "byline"]
    for k, block in enumerate(candidates[:2]):
        line = text[block.start:block.end]
        words = _WORD.findall(line)
        if k == 0 and _is_kicker(block, text):
            continue
        if block.kind not in ("paragraph", "heading") or "\n" in line or len(words) < _HEADLINE_MIN:
            return None
        if len(words) > _HEADLINE_MAX or _HEADLINE_END.search(line) or not line[:1].isupper() and not line[:1] in "‘'\"“":
            return None
        body = next((b for b in blocks[block.id + 1:] if b.kind != "byline"), None)
        if body is None or body.kind not in ("paragraph", "list") or body.end - body.start <= len(line):
            return None
        return block
    return None


def title_of(blocks: list[Block], text: str) -> str | None:
    for block in blocks:
        if block.kind == "title":
            start, end = block.units[0]
            return text[start:end]
    return None


# --- spaCy component -------------------------------------------------------------------


def _register_extensions() -> None:
    if not Doc.has_extension("newsclaims_blocks"):
        Doc.set_extension("newsclaims_blocks", default=None)
    if not Doc.has_extension("newsclaims_layout"):
        # (start, end, kind) of headings and list items whose markdown cleaning removed
        Doc.set_extension("newsclaims_layout", default=None)


class StructureComponent:
    """Adds ``doc._.newsclaims_blocks`` and ``doc.spans["newsclaims_blocks"]``, and sets
    sentence starts at blocks, list items and table cells (run it before the parser)."""

    def __init__(self, nlp: Language, name: str, set_sentence_starts: bool = True):
        self.name = name
        self.set_sentence_starts = set_sentence_starts
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        blocks = parse_blocks(doc_text(doc), doc._.newsclaims_layout)
        doc._.newsclaims_blocks = [b.to_data() for b in blocks]
        spans = []
        for block in blocks:
            span = doc.char_span(block.start, block.end, label=block.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[BLOCKS_KEY] = spans
        if self.set_sentence_starts:
            self._set_sentence_starts(doc, blocks)
        return doc

    @staticmethod
    def _set_sentence_starts(doc: Doc, blocks: list[Block]) -> None:
        """Force a sentence start at every unit; force 'no start' only inside table cells
        and headings, where the parser's guesses are unreliable."""
        starts: set[int] = set()
        for block in blocks:
            bounds = [(block.start, block.end)] + list(block.units)
            for start, _ in bounds:
                span = doc.char_span(start, start + 1, alignment_mode="expand")
                if span is not None:
                    starts.add(span.start)
        # Table pipes and separator rows attach to the cell before them; a cell, a heading
        # or a list item never splits into two sentences, and a list marker ("-", "2.")
        # starts a sentence of its own so it never joins the item before it.
        inside: set[int] = set()
        for block in blocks:
            if block.kind in ("table", "heading", "title"):
                span = doc.char_span(block.start, block.end, alignment_mode="expand")
                if span is not None:
                    inside.update(range(span.start, span.end))
            elif block.kind == "list":
                for start, end in block.units:
                    item = doc.char_span(start, end, alignment_mode="expand")
                    if item is None:
                        continue
                    inside.update(range(item.start + 1, item.end))
                    marker = item.start - 1
                    while marker >= 0 and doc[marker].is_space:
                        marker -= 1
                    if marker >= 0 and doc[marker].idx >= block.start and _MARKER_TOKEN.match(doc[marker].text):
                        starts.add(marker)  # not the last word of the item before, when cleaning removed the markers
        if not len(doc) or doc.has_annotation("DEP"):
            return  # already parsed (the component was placed after the parser): keep its sentences
        starts.add(0)
        # One array write: the Token.is_sent_start setter rescans the whole document
        # (has_annotation("DEP")) on every call.
        values = doc.to_array([SENT_START])  # uint64: "not a start" (-1) wraps around
        values[sorted(starts)] = 1
        values[sorted(inside - starts)] = _NOT_A_START
        doc.from_array([SENT_START], values)


@Language.factory(
    "newsclaims_structure",
    default_config={"set_sentence_starts": True},
)
def make_structure_component(nlp: Language, name: str, set_sentence_starts: bool) -> StructureComponent:
    return StructureComponent(nlp, name, set_sentence_starts=set_sentence_starts)
