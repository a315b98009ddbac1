"""HTML pages: boilerplate rules (each with an example), markdown -> structure, headline
and authors from the page, and entity quality on varied outlet layouts (tests/data/html)."""

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import MARKUP, ROOT
from pipeline.clean import CleanConfig, clean_text
from pipeline.clean.boilerplate import (BoilerplateRulesError, load_boilerplate_rules, matching_rule,
                                        remove_boilerplate)
from pipeline.clean.html import page_authors, page_title, with_headline
from pipeline.clean.markdown import markdown_to_structure
from pipeline.evaluate import load_gold, score_entities
from pipeline.gazetteer import Gazetteer
from pipeline.io import read_inputs
from pipeline.structure import parse_blocks

HTML = ROOT / "tests" / "data" / "html"
RULES = load_boilerplate_rules()
PIPELINE_CLEANING = CleanConfig(remove_boilerplate=True, markdown_to_structure=True)
# What markdown leaves when it is not turned into structure.


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_html_boilerplate_each_rule_removes_its_example(rule):
    text = f"Ruto met Ramaphosa in Nairobi on Monday.\n\n{rule.example}\n\nThe talks covered trade and energy."
    out, n = remove_boilerplate(text)
    assert rule.example not in out and n >= 1
    assert "Ruto met Ramaphosa" in out and "The talks covered trade" in out


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_html_boilerplate_each_rule_keeps_its_negative(rule):
    assert rule.negative, f"rule {rule.id} needs a negative example"
    assert matching_rule(rule.negative, RULES) is None


def test_html_boilerplate_markup_around_furniture_does_not_hide_it():
    assert matching_rule("**Read more:** Japan and Germany sign defence pact", RULES).id == "read_more"
    assert matching_rule("- Share on Facebook", RULES).id == "share_line"


def test_html_boilerplate_section_drops_teasers_until_prose():
    text = ("Officials said talks would resume.\n\nMost read\n- Senate confirms new service chiefs\n"
            "- Naira gains against dollar\n\nTrade ministers meet again in March, the statement said.")
    out, n = remove_boilerplate(text)
    assert "Senate confirms" not in out and "Naira" not in out and n == 3
    assert "Trade ministers meet again" in out


def test_html_boilerplate_newsletter_box_lines_go():
    box = "Newsletter\nSign up for the Morning Briefing to get the news in your inbox\nEnter your email address\nSubscribe"
    out, n = remove_boilerplate(f"Talks ended.\n\n{box}\n\nThe ministry's newsletter said ties were strong.")
    assert n == 4 and "Briefing" not in out and "The ministry's newsletter said" in out


def test_html_boilerplate_long_reporting_line_is_never_removed():
    line = "Share prices in Lagos " + "rose and fell " * 30 + "before the close."
    assert remove_boilerplate(line) == (line, 0)


def test_html_boilerplate_rule_without_its_example_is_refused(tmp_path):
    (tmp_path / "boilerplate.json").write_text(json.dumps({"rules": [
        {"id": "bad", "scope": "line", "pattern": "advertisement", "example": "Sponsored"}]}), encoding="utf-8")
    load_boilerplate_rules.cache_clear()
    try:
        with pytest.raises(BoilerplateRulesError, match="E-CLEAN-022"):
            load_boilerplate_rules(str(tmp_path))
    finally:
        load_boilerplate_rules.cache_clear()


def test_html_boilerplate_flag_counts_what_was_dropped():
    result = clean_text("Talks went on.\n\nAdvertisement\n\nShare on X\n\nThey ended late.", PIPELINE_CLEANING)
    assert result.fixes["boilerplate"] == 2 and "boilerplate" in result.flags
    assert result.text == "Talks went on.\n\nThey ended late."


def test_html_markdown_becomes_structure_not_characters():
    raw = ("# Summit ends in Baku\n\nPresident **Ilham Aliyev** met *Erdoğan* \\[1\\] in Baku<sup>2</sup>.\n\n"
           "## Key points\n\n- Energy corridor\n- Trade in `lira`\n\n1. First\n2. Second\n\n---\n\nDone.")
    result = clean_text(raw, PIPELINE_CLEANING)
    assert not MARKUP.search(result.text), result.text
    assert "President Ilham Aliyev met Erdoğan in Baku." in result.text
    blocks = parse_blocks(result.text, result.layout)
    assert [b.kind for b in blocks] == ["title", "paragraph", "heading", "list", "list", "paragraph"]
    assert [result.text[a:b] for a, b in blocks[3].units] == ["Energy corridor", "Trade in lira"]


_MARKDOWNISH = st.lists(st.sampled_from(
    ["# ", "## ", "- ", "* ", "1. ", "**", "*", "_", "\\[", "\\]", "[1]", "<sup>2</sup>", "`", "Putin", " met ",
     "Erdoğan", "\n", "\n\n", "---", "| a | b |", "> ", "x"]), max_size=30).map("".join)


@settings(max_examples=300)
@given(_MARKDOWNISH)
@example("| a | b |********* ")  # a bold regex that ate asterisk runs a few at a time
@example("| a | b |****\\[****")  # removing "**\[**" exposed a bold pair around it
def test_html_markdown_to_structure_is_idempotent_and_layout_in_range(text):
    out, layout, _ = markdown_to_structure(text)
    assert markdown_to_structure(out)[0] == out
    assert all(0 <= a < b <= len(out) for a, b, _ in layout)


def test_html_markdown_tables_keep_their_pipes():
    text, layout, _ = markdown_to_structure("| **Area** | Outcome |\n|---|---|\n| Energy | *Growth* |")
    assert text == "| Area | Outcome |\n|---|---|\n| Energy | Growth |" and layout == ()


def test_html_markdown_off_by_default_for_clean_text():
    assert clean_text("# Title\n\n- item").text == "# Title\n\n- item"


def test_html_page_title_and_authors():
    assert page_title("Kenya and Tanzania end row - Public News", "Public News") == "Kenya and Tanzania end row"
    assert with_headline("TOKYO (Reuters) - Talks.", "Merz visits Tokyo") == "# Merz visits Tokyo\n\nTOKYO (Reuters) - Talks."
    assert page_authors("Maya Torres; Cable News Hub", "Cable News Hub") == ["Maya Torres"]


@pytest.mark.parametrize("title, headline", [
    ("Emir says talks may resume | Qatar News | Al Jazeera", "Emir says talks may resume"),
    ("Aliyev hosts delegation » Official web-site of the President", "Aliyev hosts delegation"),
    ("Ruto, Samia end trade row :: Daily Courier", "Ruto, Samia end trade row"),
])
def test_html_page_title_drops_every_site_and_section_part(title, headline):
    assert page_title(title) == headline
    # a dash inside the headline is not a site name when the site is known
    assert page_title("Putin and Erdogan - a long-standing rivalry", "Daily Courier") == (
        "Putin and Erdogan - a long-standing rivalry")


# --- the pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_records(annotator):
    return {r.doc_id: r for r in annotator.annotate_stream(read_inputs([HTML / "pages"]))}


@pytest.fixture(scope="module")
def page_gold():
    return load_gold(HTML / "gold")


def test_html_pages_have_a_gold_file_each(page_records, page_gold):
    assert set(page_records) == set(page_gold) and len(page_gold) >= 10


def test_html_pages_no_markup_or_code_fence(page_records):
    for doc_id, record in page_records.items():
        assert record.status == "ok", doc_id
        assert not MARKUP.search(record.text), (doc_id, MARKUP.search(record.text))
        assert "code_fence" not in record.cleaning.flags, doc_id
        assert "boilerplate" in record.cleaning.flags or doc_id.startswith("cnn"), doc_id


def test_html_pages_titles(page_records, page_gold):
    right = [doc_id for doc_id, record in page_records.items() if record.title == page_gold[doc_id]["title"]]
    assert len(right) / len(page_records) >= 0.9, set(page_records) - set(right)
    for record in page_records.values():
        assert record.blocks[0].kind == "title"


def test_html_pages_authors_and_no_furniture_left(page_records, page_gold):
    found = sum(1 for d, r in page_records.items() if set(r.source.authors) & set(page_gold[d]["authors"]))
    assert found >= 8
    for doc_id, record in page_records.items():
        assert not set(record.source.authors) - set(page_gold[doc_id]["authors"]), doc_id  # no outlet as author
        names = {e.text for e in record.entities} | {e.canonical for e in record.entities}
        assert not names & set(page_gold[doc_id]["not_entities"]), doc_id


# Measured 2026-12-03 on the 11 pages: PERSON 0.984, COUNTRY 0.958, PLACE 0.928, ORG 0.926,
# NORP 0.939 (before this work, commit 189a269: 0.896, 0.928, 0.881, 0.769, 0.920; title
# 10/11, markup left in 10 of 11 texts). Floors sit a little below.
PAGE_FLOORS = {"PERSON": 0.93, "COUNTRY": 0.92, "PLACE": 0.88, "ORG": 0.85, "NORP": 0.88}


@pytest.mark.parametrize("label", PAGE_FLOORS)
def test_html_pages_entity_floors(page_records, page_gold, label):
    scores = score_entities(page_gold, page_records, gazetteer=Gazetteer.from_path(None))
    assert scores[label].f1 >= PAGE_FLOORS[label], f"{label} F1 {scores[label].f1:.3f}"


def test_html_embed_code_is_dropped_without_code_fence_flag(page_records):
    record = page_records["embedded-posts-zelensky.html"]
    assert "twttr" not in record.text and "Click to load" not in record.text
    assert "code_fence" not in record.cleaning.flags


LAYOUT_PAGE = """<html><head><title>Kenyan and Ugandan Presidents Meet in Kampala | Embassy of Kenya</title></head>
<body><table id="layout" width="760"><tr>
<td id="left"><a href="/a">Minister visits Mombasa port</a><br/><a href="/b">Envoy meets students in Boston</a></td>
<td id="main"><h2>Kenyan and Ugandan Presidents Meet in Kampala</h2>
July 3, 2019<br/><br/>
President Uhuru Kenyatta and President Yoweri Museveni held talks this morning at State Lodge Nakasero in Kampala,
where the two leaders went over trade along the northern corridor, the planned oil pipeline and the security of
Lake Victoria, and agreed that their ministers would meet again before the end of the year in Nairobi.<br/><br/>
Present for the Kenyan side were Foreign Minister Monica Juma and Trade Minister Peter Munya.<br/>
<table><tr><th>Sector</th><th>Exports (million dollars)</th></tr><tr><td>Tea</td><td>120</td></tr>
<tr><td>Flowers</td><td>45</td></tr></table>
</td></tr></table></body></html>"""


def test_html_layout_table_reads_as_paragraphs_and_data_table_stays(tmp_path, annotator):
    page = tmp_path / "layout.html"
    page.write_text(LAYOUT_PAGE, encoding="utf-8")
    record = next(annotator.annotate_stream(read_inputs([page])))
    assert record.status == "ok"
    prose = record.text[record.text.find("President Uhuru"):]
    assert not prose.startswith("|") and "Uhuru Kenyatta" in prose
    people = {e.canonical for e in record.entities if e.label == "PERSON"}
    assert {"Uhuru Kenyatta", "Yoweri Museveni", "Monica Juma", "Peter Munya"} <= people
    assert [b.kind for b in record.blocks].count("table") == 1  # the sector table is data
    kinds_of_names = {b.kind for b in record.blocks for e in record.entities
                      if e.canonical == "Yoweri Museveni" and b.start <= e.start < b.end}
    assert kinds_of_names == {"paragraph"}


def test_html_author_field_holding_a_date_is_no_author():
    assert page_authors("Wednesday") == [] and page_authors("July 26, 2023 10:32 AM") == []
    assert page_authors("May Chen; Juneau Smith") == ["May Chen", "Juneau Smith"]


def _with_headline_whole_text(text, title):
    """with_headline as first written, on the whole text: the specification of the
    one-copy version, which reworks only the opening lines."""
    from pipeline.clean.html import _norm

    if not title:
        return text
    lines = text.split("\n")
    head = [k for k, line in enumerate(lines[:6]) if line.strip()][:3]
    for k in head:
        if _norm(lines[k]) == _norm(title):
            if k == head[0]:
                if not lines[k].lstrip().startswith("#"):
                    lines[k] = "# " + lines[k].strip()
                return "\n".join(lines)
            del lines[k]
            if k < len(lines) and not lines[k].strip():
                del lines[k]
            break
    return f"# {title}\n\n" + "\n".join(lines).lstrip("\n")


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["", " ", "Big news", "# Big news", "big NEWS", "WORLD", "Body text.", "More."]),
                max_size=14),
       st.sampled_from(["Big news", "Other", None]))
def test_html_headline_on_opening_lines_equals_whole_text_version(lines, title):
    text = "\n".join(lines)
    assert with_headline(text, title) == _with_headline_whole_text(text, title)
