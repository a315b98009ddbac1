"""Headlines in any case style become the title block; bylines become byline blocks."""

import json

import pytest

from conftest import ROOT
from pipeline.structure import byline_authors, is_byline, parse_blocks, title_of

BODY = "German Chancellor Friedrich Merz and Japanese Prime Minister Sanae Takaichi agreed on Wednesday to deepen defence cooperation, the two leaders said."
BYLINES = json.loads((ROOT / "models" / "clean" / "bylines.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("headline", [
    "Merz and Takaichi pledge closer security ties in Tokyo",        # sentence case
    "Merz and Takaichi Pledge Closer Security Ties in Tokyo",        # title case
    "MERZ AND TAKAICHI PLEDGE CLOSER SECURITY TIES IN TOKYO",        # all caps
    "As the ice retreats, Arctic shipping lanes draw interest — and doubts",
    "Will the Tokyo security pact hold?",
])
def test_headlines_first_line_in_any_case_is_the_title(headline):
    text = f"{headline}\n\n{BODY}"
    blocks = parse_blocks(text)
    assert blocks[0].kind == "title" and title_of(blocks, text) == headline


def test_headlines_kicker_and_byline_are_skipped():
    text = f"ANALYSIS\n\nMerz and Takaichi pledge closer security ties\n\nBy Anna Keller and Tom Berg, Reuters\n\n{BODY}"
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "title", "byline", "paragraph"]
    assert title_of(blocks, text) == "Merz and Takaichi pledge closer security ties"


@pytest.mark.parametrize("text", [
    f"Merz met Takaichi in Tokyo on Wednesday.\n\n{BODY}",          # a sentence, not a headline
    "Merz and Takaichi pledge closer security ties\n\nShort.",      # no body text after it
    f"Talks, trade and security,\n\n{BODY}",                        # ends like a clause
])
def test_headlines_not_a_headline(text):
    assert title_of(parse_blocks(text), text) is None


@pytest.mark.parametrize("line", BYLINES["examples"])
def test_headlines_byline_examples(line):
    assert is_byline(line) and byline_authors(line)


@pytest.mark.parametrize("line", BYLINES["negatives"])
def test_headlines_byline_negatives(line):
    assert not is_byline(line)


@pytest.mark.parametrize("line", BYLINES["bare_examples"])
def test_headlines_bare_byline_only_under_a_headline(line):
    assert not is_byline(line) and is_byline(line, bare=True)
    text = f"Japan to station more missiles on Okinawa islands\n\n{line}\n\n{BODY}"
    assert [b.kind for b in parse_blocks(text)] == ["title", "byline", "paragraph"]


def test_headlines_byline_names_not_outlets():
    assert byline_authors("By Anna Keller and Tom Berg, Wire World") == ["Anna Keller", "Tom Berg"]
    assert byline_authors("By Maya Torres, Cable News Hub") == ["Maya Torres"]
    assert byline_authors("By Laura Chen, Rafael Ortiz and Hana Sato") == ["Laura Chen", "Rafael Ortiz", "Hana Sato"]
    assert byline_authors("By CHIDI OKAFOR") == ["Chidi Okafor"]


def test_headlines_byline_goes_to_authors_not_entities(annotate):
    record = annotate(f"Merz and Takaichi pledge closer security ties\n\nBy Anna Keller and Tom Berg, Reuters\n\n{BODY}")
    assert record.source.authors == ["Anna Keller", "Tom Berg"]
    assert record.title == "Merz and Takaichi pledge closer security ties"
    assert [b.kind for b in record.blocks][:3] == ["title", "byline", "paragraph"]
    assert not {"Anna Keller", "Tom Berg"} & {e.canonical for e in record.entities}
    assert {"Friedrich Merz", "Sanae Takaichi"} <= {e.canonical for e in record.entities}
