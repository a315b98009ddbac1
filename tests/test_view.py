"""The view page by its structure: the text once, layers on it, tables as tables, a side panel.

The page is parsed with html.parser: what the reader sees in the text column, with the
labels and tags taken out, must be the cleaned text itself (every character once, in
order); tables must be tables whose cells keep their entities; every "in text" link of
the panel must point at an element of the page; the heading is the title or the first
heading. Articles are written here (different leaders, layouts), plus records built by
hand for the edge cases (overlapping layers, no title, a span across table cells).
"""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analysis import show
from pipeline.schema import AnnotationRecord

# Elements whose text is the page's own (labels, tags, legend), not the document's.
_CHROME = {"nc-ent-label", "nc-tag", "nc-legend"}
_VOID = {"br", "img", "meta", "link", "hr", "input"}


class _Page(HTMLParser):
    """Collects the text column's visible text, the table cells, the ids and links, the h1."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.main_text: list[str] = []  # exactly the text column's characters
        self.main_spaced: list[str] = []  # the same with a space where a block or cell starts
        self.h1: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cell_marks: list[str] = []  # entity labels seen inside table cells
        self.mains = 0
        self.panels = 0

    def _inside(self, tag=None, cls=None) -> bool:
        return any((tag is None or t == tag) and (cls is None or cls in c) for t, c in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "main":
            self.mains += 1
        if tag == "aside":
            self.panels += 1
        if tag == "table" and self._inside("main"):
            self.tables.append([])
        if tag == "tr" and self._inside("main"):
            self.tables[-1].append([])
        if tag in ("td", "th") and self._inside("main"):
            self.tables[-1][-1].append("")
        if tag in ("div", "td", "th") and self._inside("main"):
            self.main_spaced.append(" ")
        if tag not in _VOID:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        chrome = any(c & _CHROME for _, c in self.stack)
        if self._inside("h1"):
            if not any("nc-ent-label" in c for _, c in self.stack):
                self.h1.append(data)
        if not self._inside("main") or chrome:
            if self._inside("td") or self._inside("th"):
                if any("nc-ent-label" in c for _, c in self.stack):
                    self.cell_marks.append(data)
            return
        self.main_text.append(data)
        self.main_spaced.append(data)
        if self._inside("td") or self._inside("th"):
            self.tables[-1][-1][-1] += data


def _parse(record) -> _Page:
    page = _Page()
    page.feed(show(record).to_html())
    return page


def _words(text: str) -> list[str]:
    return text.replace("|", " ").split()


def _visible_without_heading(record) -> list[str]:
    """The words of the cleaned text without the heading block (shown as h1) and table separator rows."""
    text = record["text"]
    heading = next((b for b in record["blocks"] if b["kind"] in ("title",)), None) or \
        next((b for b in record["blocks"] if b["kind"] == "heading"), None)
    kept = []
    for block in record["blocks"]:
        if block is heading:
            continue
        lines = text[block["start"]:block["end"]].split("\n")
        if block["kind"] == "table":
            lines = [line for line in lines if set(line.strip()) - set("|-: ")]
        kept.extend(lines)
    return _words("\n".join(kept))


ARTICLE_WITH_TABLE = """Lula and Ramaphosa Seek Deeper Trade Ties in Pretoria

PRETORIA — South African President Cyril Ramaphosa hosted Brazilian President Luiz Inácio Lula da Silva in Pretoria on Tuesday for talks on trade, energy and climate finance.

"Our two countries can build a fairer order together," Ramaphosa said after the meeting. Lula said Brazil wanted a partnership based on trust.

## What Each Leader Wants

| Issue | Ramaphosa's Position | Lula's Position |
|---|---|---|
| Trade | Wants Brazilian investment in Durban | Seeks lower tariffs for Brazilian beef |
| Climate | Backs a climate fund for Africa | Pushes for Amazon protection money |

Analysts say the visit was mostly symbolic.
"""

ARTICLE_WITHOUT_TITLE = """Kenyan President William Ruto met Indian Prime Minister Narendra Modi in New Delhi on Friday. The two leaders discussed pharmaceuticals, shipping and the war in Sudan.

Ruto said Kenya was ready to buy more Indian buses. Officials in Nairobi said the visit would focus on investment."""


def test_view_text_is_rendered_once_with_every_character_in_order(annotate):
    for text in (ARTICLE_WITH_TABLE, ARTICLE_WITHOUT_TITLE):
        record = annotate(text).model_dump()
        page = _parse(record)
        assert page.mains == 1 and page.panels == 1
        assert _words("".join(page.main_spaced)) == _visible_without_heading(record)


def test_view_tables_are_html_tables_with_their_entities(annotate):
    record = annotate(ARTICLE_WITH_TABLE).model_dump()
    page = _parse(record)
    assert len(page.tables) == 1
    table = [[" ".join(cell.split()) for cell in row] for row in page.tables[0]]
    assert table[0] == ["Issue", "Ramaphosa's Position", "Lula's Position"]
    assert table[1][0] == "Trade" and table[2][2] == "Pushes for Amazon protection money"
    assert "PERSON" in page.cell_marks  # "Ramaphosa" in the header cell stays an entity
    assert "| Issue |" not in show(record).to_html()


def test_view_heading_is_the_title_then_the_first_heading_then_untitled(annotate):
    titled = annotate(ARTICLE_WITH_TABLE).model_dump()
    assert " ".join("".join(_parse(titled).h1).split()) == "Lula and Ramaphosa Seek Deeper Trade Ties in Pretoria"
    untitled = annotate(ARTICLE_WITHOUT_TITLE).model_dump()
    assert untitled["title"] is None
    assert "".join(_parse(untitled).h1).strip() == "Untitled document"
    assert "<title>Untitled document</title>" in show(untitled).to_html()
    # No title block, but a heading: the heading heads the page (not the file name).
    text = "## Talks in Astana\n\nTokayev met Mirziyoyev in Astana."
    record = _hand_record(text, blocks=[("heading", 0, text.index("\n")), ("paragraph", text.index("Tokayev"), len(text))])
    assert "".join(_parse(record).h1).strip() == "Talks in Astana"
    assert "<title>Talks in Astana</title>" in show(record).to_html()


def test_view_panel_links_point_into_the_text(annotate):
    record = annotate(ARTICLE_WITH_TABLE).model_dump()
    assert record["claims"] and record["events"] and record["positions"]
    page = _parse(record)
    assert page.links and set(page.links) <= page.ids
    for kind in ("claim", "event", "position"):
        assert any(link.startswith(kind + "-") for link in page.links), kind
    html = show(record).to_html()
    assert "Events" in html and "Positions" in html and "Claims" in html and "Topics" in html


def test_view_sections_choose_text_and_panel_parts(annotate):
    record = annotate(ARTICLE_WITHOUT_TITLE).model_dump()
    only_panel = show(record, sections=("positions",)).body
    assert "<main" not in only_panel and "Positions" in only_panel and "Claims" not in only_panel
    only_text = show(record, sections=("text",)).body
    assert "<main" in only_text and "<aside" not in only_text


def _hand_record(text, *, blocks, entities=(), claims=(), topics=()):
    return AnnotationRecord.model_validate({
        "doc_id": "hand", "text": text,
        "blocks": [{"id": i, "kind": kind, "start": s, "end": e} for i, (kind, s, e) in enumerate(blocks)],
        "entities": [{"text": text[s:e], "label": label, "start": s, "end": e, "block": 0, "canonical": text[s:e]}
                     for label, s, e in entities],
        "claims": [{"text": text[s:e], "start": s, "end": e, "speaker": None, "speaker_type": "unattributed", "block": 0}
                   for s, e in claims],
        "topics": [{"label": "Trade", "category": "economy", "method": "sentence",
                    "evidence": {"block": 0, "start": s, "end": e, "rule": "t.v1"}} for s, e in topics],
    }).model_dump()


def test_view_overlapping_layers_keep_the_text_and_open_each_tag_once():
    text = "Observers say Tokayev and Mirziyoyev agreed on water sharing and trade."
    tokayev, water = text.index("Tokayev"), text.index("water")
    record = _hand_record(text, blocks=[("paragraph", 0, len(text))],
                          entities=[("PERSON", tokayev, tokayev + 7), ("PERSON", text.index("Mirziyoyev"), text.index("Mirziyoyev") + 10)],
                          claims=[(tokayev + 3, len(text) - 1)],  # starts inside an entity
                          topics=[(water, len(text) - 1), (text.index("agreed"), water + 5)])  # overlapping topics
    page = _parse(record)
    assert "".join(page.main_text) == text
    html = show(record).to_html()
    assert html.count('id="claim-0"') == 1 and html.count('id="topic-0"') == 1 and html.count('id="topic-1"') == 1
    assert html.count('class="nc-ent-label">PERSON</span>') == 2  # each entity labelled once, where it ends


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_view_any_valid_spans_render_the_text_exactly(data):
    words = data.draw(st.lists(st.sampled_from(["Putin", "met", "Xi", "in", "Beijing", "<b>", "&amp;", "|", "said", "\n"]),
                               min_size=1, max_size=30))
    text = " ".join(words)
    cut = data.draw(st.integers(0, len(text)))
    blocks = [("paragraph", 0, cut), ("paragraph", cut, len(text))] if 0 < cut < len(text) else [("paragraph", 0, len(text))]
    spans = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).map(lambda p: (min(p), max(p))).filter(lambda p: p[0] < p[1])
    ents, last = [], 0
    for s, e in sorted(data.draw(st.lists(spans, max_size=5))):
        if s >= last:
            ents.append(("PERSON", s, e))
            last = e
    record = _hand_record(text, blocks=blocks, entities=ents, claims=data.draw(st.lists(spans, max_size=3)),
                          topics=data.draw(st.lists(spans, max_size=3)))
    assert "".join(_parse(record).main_text) == text
