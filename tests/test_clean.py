"""Tests for pipeline.clean (text repair). Cases are data: tests/data/clean_*.tsv."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

import pipeline.clean as clean
from pipeline.clean import (
    CleanConfig,
    CleanPatternsError,
    CleanResult,
    clean_text,
    fix_mojibake,
    load_patterns,
)
from pipeline.clean import chatter, dedupe, fences, mojibake, patterns, sentences, tables, whitespace

DATA = Path(__file__).parent / "data"
SAMPLE = Path("/work/shared/seeds/erdogan-putin-ashgabat.txt")
ALL_FLAGS = {"mojibake", "llm_chat_artifact", "duplicate_content", "truncated", "code_fence", "empty", "boilerplate", "non_english"}

_ESCAPE_RE = re.compile(r"\\(?:n|t|r|\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_SIMPLE = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\\\": "\\"}


def unescape(s: str) -> str:
    r"""Decode the escapes used in the .tsv case files (\n \t \r \\ \xHH \uHHHH \UHHHHHHHH)."""
    return _ESCAPE_RE.sub(lambda m: _SIMPLE.get(m.group(0)) or chr(int(m.group(0)[2:], 16)), s)


def load_cases(name: str) -> list:
    params = []
    path = DATA / name
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 3, f"{path}:{n}: expected input<TAB>expected<TAB>comment"
        raw, expected, comment = fields
        text = unescape(raw)
        expected_text = text if expected == "=" else unescape(expected)
        marks = [pytest.mark.xfail(strict=True, reason=comment)] if comment.startswith("XFAIL") else []
        params.append(pytest.param(text, expected_text, comment, id=f"{name}:{n}", marks=marks))
    return params


CASES = load_cases("clean_cases.tsv")
NEGATIVE = load_cases("clean_negative.tsv")


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_result(sample_text: str) -> CleanResult:
    return clean_text(sample_text)


# --- data-driven cases -----------------------------------------------------------


@pytest.mark.parametrize("text,expected,comment", CASES)
def test_clean_cases(text: str, expected: str, comment: str) -> None:
    assert clean_text(text).text == expected


@pytest.mark.parametrize("text,expected,comment", NEGATIVE)
def test_clean_negative_unchanged(text: str, expected: str, comment: str) -> None:
    result = clean_text(text)
    assert result.text == expected
    assert result.fixes == {}
    assert result.flags == []


@pytest.mark.parametrize("text,expected,comment", NEGATIVE)
def test_clean_negative_mojibake_fixer_is_identity(text: str, expected: str, comment: str) -> None:
    assert fix_mojibake(text) == (text, {})
    assert mojibake.redecode_utf8_runs(text) == (text, 0)


def test_clean_negative_file_is_large_enough() -> None:
    assert len(NEGATIVE) >= 60


# --- the sample article --------------------------------------------------------


def test_clean_sample_mojibake(sample_result: CleanResult) -> None:
    text = sample_result.text
    for bad in ("Ä", "Ÿ", "Å"):
        assert bad not in text
    assert text.count("Erdoğan") == 5
    assert "Erdoğan’s Approach" in text
    assert sample_result.fixes["mojibake"] == 5


def test_clean_sample_chatter_and_fences(sample_result: CleanResult) -> None:
    text = sample_result.text
    assert "It looks like" not in text
    assert "Here’s the completed" not in text
    assert "HTML content" not in text
    assert "`" not in text
    assert "“`" not in text
    assert sample_result.fixes["llm_chat_artifact"] == 2
    assert sample_result.fixes["code_fence"] == 2


def test_clean_sample_duplicates(sample_result: CleanResult) -> None:
    text = sample_result.text
    assert text.count("Leading analysts emphasize that the path to lasting regional stability") == 1
    assert text.count("Diplomatic engagement, they argue") == 1
    assert sample_result.fixes["duplicate_paragraph"] == 1
    # the first occurrences are kept as their own paragraphs
    lines = text.split("\n")
    assert lines[lines.index("Experts Recommend Enhanced Economic Cooperation and Diplomatic Engagement for Stability") + 1].startswith(
        "Leading analysts emphasize"
    )


def test_clean_sample_tables(sample_result: CleanResult) -> None:
    lines = sample_result.text.split("\n")
    table_lines = [ln for ln in lines if ln.startswith("|")]
    assert all(ln.endswith("|") for ln in table_lines)
    last_table = lines[lines.index("| Sector | Focus Areas | Expected Outcomes |") :]
    assert last_table == [
        "| Sector | Focus Areas | Expected Outcomes |",
        "|---|---|---|",
        "| Energy | Pipeline projects, renewable investments | Energy security, reduced dependency |",
        "| Trade & Industry | Customs facilitation, joint ventures | Economic growth, job creation |",
        "| Security Cooperation | Intelligence sharing, border control | Enhanced regional safety |",
        "| Cultural Exchanges | Educational programs, public diplomacy | Stronger mutual |",
    ]
    assert all(ln.count("|") == 4 for ln in last_table)
    assert sample_result.fixes["table_empty_columns"] == 5
    assert sample_result.fixes["table_truncated_row"] == 1
    assert sample_result.fixes["table_stray_pipe"] == 1


def test_clean_sample_flags_and_end(sample_result: CleanResult) -> None:
    assert sample_result.flags == ["code_fence", "duplicate_content", "llm_chat_artifact", "mojibake", "truncated"]
    assert sample_result.fixes == {
        "mojibake": 5,
        "code_fence": 2,
        "llm_chat_artifact": 2,
        "table_empty_columns": 5,
        "table_truncated_row": 1,
        "table_stray_pipe": 1,
        "duplicate_paragraph": 1,
        "whitespace": 2,
    }
    assert not sample_result.text.endswith(("\n", " "))
    assert "\n\n" not in sample_result.text  # the sample's single newlines are kept


def test_clean_sample_nothing_else_changes(sample_text: str, sample_result: CleanResult) -> None:
    """Every output line is an input line (ğ repaired) or a rewritten table row."""
    source = {ln.replace("ErdoÄŸan", "Erdoğan").rstrip() for ln in sample_text.split("\n")}
    for line in sample_result.text.split("\n"):
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert any(all(c in src for c in cells) for src in source if src.startswith("|")), line
        else:
            assert line in source, line
    assert "’" in sample_result.text  # curly quotes kept


def test_clean_sample_idempotent(sample_result: CleanResult) -> None:
    again = clean_text(sample_result.text)
    assert again.text == sample_result.text
    assert again.fixes == {}


# --- other articles with the sample's defects (other names and countries) ------

MACRON_ARTICLE = (
    "French President Emmanuel Macron and German Chancellor Olaf Scholz met at the Ã‰lysÃ©e on Monday to discuss energy and defence.\r\n"
    "Macron and Scholz Seek Common Ground in Paris\r\n"
    "The talks at the Ã‰lysÃ©e Palace came as both leaders face pressure at home over industrial policy and rising prices.\r\n"
    "| Topic | Macron’s Position | Scholz’s Position | |||||\r\n"
    "|---|---|---|---|---|---|---|---|\r\n"
    "| Energy | Nuclear expansion | Gas diversification | |||||\r\n"
    "| Defence | European autonomy | NATO first It seems like your table was cut off. Here’s the completed version of your table:\r\n"
    "“`html Observers in Brussels expect the two governments to publish a joint roadmap before the summer. "
    "Officials from both ministries say a compromise on electricity prices is within reach.\r\n"
    "Observers in Brussels expect the two governments to publish a joint roadmap before the summer.\r\n"
    "Officials from both ministries say a compromise on electricity prices is within reach.\r\n"
    "|\r\n\r\n\r\n\r\n"
)


def test_clean_other_article_macron_scholz() -> None:
    result = clean_text(MACRON_ARTICLE)
    text = result.text
    assert "Élysée" in text and "Ã" not in text
    assert "\r" not in text
    assert "It seems like" not in text and "`" not in text
    assert text.count("Observers in Brussels expect the two governments") == 1
    assert text.count("Officials from both ministries say a compromise") == 1
    assert "| Defence | European autonomy | NATO first |" in text
    assert "| Topic | Macron’s Position | Scholz’s Position |" in text
    assert "|---|---|---|" in text
    assert not text.endswith(("\n", "|"))
    assert result.flags == ["code_fence", "duplicate_content", "llm_chat_artifact", "mojibake", "truncated"]


LULA_ARTICLE = (
    "Sure! Here's the rewritten article:\n"
    "Brazilian President Luiz InÃ¡cio Lula da Silva met Indian Prime Minister Narendra Modi in SÃ£o Paulo.\n"
    "The leaders discussed biofuels, vaccines and reform of the United Nations Security Council.\n"
    "```markdown\n"
    "- Ethanol\n- Vaccines\n- Ethanol\n"
    "```\n"
    "The leaders discussed biofuels, vaccines and reform of the United Nations Security Council.\n"
    "I hope this helps! Let me know if you'd like any changes."
)


def test_clean_other_article_lula_modi() -> None:
    result = clean_text(LULA_ARTICLE)
    assert result.text == (
        "Brazilian President Luiz Inácio Lula da Silva met Indian Prime Minister Narendra Modi in São Paulo.\n"
        "The leaders discussed biofuels, vaccines and reform of the United Nations Security Council.\n"
        "- Ethanol\n- Vaccines\n- Ethanol"
    )
    assert result.fixes["llm_chat_artifact"] == 4
    assert result.fixes["code_fence"] == 2
    assert result.fixes["duplicate_paragraph"] == 1
    assert result.flags == ["code_fence", "duplicate_content", "llm_chat_artifact", "mojibake"]


TURKISH_POLISH_ARTICLE = (
    "Ä°stanbul Mayor Ekrem Ä°mamoÄŸlu hosted Polish officials from ÅÃ³dÅº and GdaÅ„sk.\n"
    "| City | Mayor | Partner |\n"
    "|---|---|---|\n"
    "| Ä°stanbul | Ekrem Ä°mamoÄŸlu | BeÅŸiktaÅŸ |\n"
    "Certainly! Below is the revised version of the news piece:\n"
    "The delegation later visited KoÃ§ University and ZÃ¼rich-based partners."
)


def test_clean_other_article_istanbul_lodz() -> None:
    result = clean_text(TURKISH_POLISH_ARTICLE)
    assert result.text == (
        "İstanbul Mayor Ekrem İmamoğlu hosted Polish officials from Łódź and Gdańsk.\n"
        "| City | Mayor | Partner |\n"
        "|---|---|---|\n"
        "| İstanbul | Ekrem İmamoğlu | Beşiktaş |\n"
        "The delegation later visited Koç University and Zürich-based partners."
    )
    assert result.flags == ["llm_chat_artifact", "mojibake"]


# --- the bundled samples and their hand-written gold flags ---------------------

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = sorted((ROOT / "data" / "gold").glob("*.json"))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_clean_gold_flags_on_samples(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ROOT / "data" / "samples" / gold["doc_id"]).read_text(encoding="utf-8")
    result = clean_text(text)
    assert result.flags == sorted(gold["flags"])
    assert clean_text(result.text).text == result.text  # idempotent on real articles


# --- flags, config, API contract --------------------------------------------------


def test_clean_empty_input() -> None:
    assert clean_text("") == CleanResult(text="", fixes={}, flags=["empty"])
    result = clean_text("\ufeff\x00 \r\n\t\n")
    assert result.text == "" and result.flags == ["empty"] and result.fixes["whitespace"] >= 1


def test_clean_flags_derive_from_fixes(sample_result: CleanResult) -> None:
    expected = {clean.FLAG_OF_KIND[k] for k in sample_result.fixes if k in clean.FLAG_OF_KIND}
    assert set(sample_result.flags) == expected
    assert sample_result.flags == sorted(set(sample_result.flags))
    assert set(sample_result.flags) <= ALL_FLAGS
    assert all(n > 0 for n in sample_result.fixes.values())


def test_clean_config_defaults() -> None:
    config = CleanConfig()
    assert config.fix_mojibake and config.remove_llm_chatter and config.remove_code_fences
    assert config.dedupe_paragraphs and config.normalize_tables and config.normalize_whitespace
    assert config.uncurl_quotes is False and config.patterns_path is None
    for name in CleanConfig.__dataclass_fields__:
        assert f"``{name}``" in (CleanConfig.__doc__ or ""), name


def test_clean_config_disables_each_family(sample_text: str) -> None:
    off = {
        "fix_mojibake": ("mojibake", "ErdoÄŸan"),
        "remove_llm_chatter": ("llm_chat_artifact", "It looks like"),
        "remove_code_fences": ("code_fence", "“`html"),
        "dedupe_paragraphs": ("duplicate_paragraph", None),
        "normalize_tables": ("table_empty_columns", "|||||||"),
    }
    for option, (kind, still_there) in off.items():
        result = clean_text(sample_text, CleanConfig(**{option: False}))
        assert kind not in result.fixes, option
        if still_there:
            assert still_there in result.text, option
    raw = clean_text("a  b \r\n\r\n\r\nc", CleanConfig(normalize_whitespace=False))
    assert raw.text == "a  b \n\n\nc"  # only line endings are normalised


def test_clean_uncurl_quotes_option() -> None:
    text = "Putin’s “plan”"
    assert clean_text(text).text == text
    result = clean_text(text, CleanConfig(uncurl_quotes=True))
    assert result.text == "Putin's \"plan\""
    assert result.fixes == {"uncurl_quotes": 3}


def test_clean_never_raises_on_odd_strings() -> None:
    odd = [
        "\x00", "\r", "|", "||||", "```", "“`", "Å", "Ã", "â€", "\ud800", "\udfff\ud800", "\ufeff",
        "\u200d", "| a |\n|---|", "|---|---|", "Sure!", "Note:", "[Continue", "\n" * 1000, " " * 1000,
        "\x85\x81\x8d", "ÅÃ", "á»", "Ã" * 50, "&amp" * 3, "\x1b[31mred\x1b[0m", "a\u0301" * 3,
        "| a | b\n|---|---\n| c", "Mr. Dr. e.g. U.S.", "...", "!!! ???", ":",
    ]
    for text in odd:
        result = clean_text(text)
        assert isinstance(result.text, str)
        assert set(result.flags) <= ALL_FLAGS


def test_clean_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="E-CLEAN-010"):
        clean_text(b"bytes")  # type: ignore[arg-type]


# --- data files ---------------------------------------------------------------


def test_clean_patterns_loaded_once() -> None:
    assert load_patterns() is load_patterns()
    assert load_patterns(None) is load_patterns(None)


def test_clean_chatter_rules_match_their_examples_in_context() -> None:
    """Every rule's example is removed when it follows a real sentence."""
    for rule in load_patterns().chatter:
        if rule.scope == "lead":
            text = f"Ruto met Ramaphosa.\n{rule.example} Here is the rewritten article:"
        else:
            text = f"Ruto met Ramaphosa in Nairobi. {rule.example}"
        result = clean_text(text)
        assert result.fixes.get("llm_chat_artifact", 0) >= 1, rule.id
        assert result.text.startswith("Ruto met Ramaphosa"), rule.id


def test_clean_custom_patterns_path(tmp_path: Path) -> None:
    (tmp_path / "chatter.tsv").write_text(
        "# custom\nbeep\tsentence\tBEEP BOOP\tBEEP BOOP done.\ttest rule\n", encoding="utf-8"
    )
    (tmp_path / "fence_languages.txt").write_text("html\n", encoding="utf-8")
    (tmp_path / "abbreviations.txt").write_text("Mr\n", encoding="utf-8")
    config = CleanConfig(patterns_path=str(tmp_path))
    result = clean_text("Ruto met Ramaphosa. BEEP BOOP done. I hope this helps!", config)
    assert result.text == "Ruto met Ramaphosa. I hope this helps!"


@pytest.mark.parametrize(
    "content,code",
    [
        ("only-two\tfields\n", "E-CLEAN-002"),
        ("x\tnowhere\tFoo\tFoo\tc\n", "E-CLEAN-003"),
        ("x\tsentence\tFoo(\tFoo\tc\n", "E-CLEAN-004"),
        ("x\tsentence\tFoo\tBar\tc\n", "E-CLEAN-005"),
        ("x\tsentence\tfoo\tfoo\tlower-case start cannot pass the guard\n", "E-CLEAN-005"),
    ],
)
def test_clean_bad_patterns_file(tmp_path: Path, content: str, code: str) -> None:
    (tmp_path / "chatter.tsv").write_text(content, encoding="utf-8")
    (tmp_path / "fence_languages.txt").write_text("html\n", encoding="utf-8")
    (tmp_path / "abbreviations.txt").write_text("Mr\n", encoding="utf-8")
    with pytest.raises(CleanPatternsError, match=code):
        load_patterns(str(tmp_path))


def test_clean_missing_patterns_dir(tmp_path: Path) -> None:
    with pytest.raises(CleanPatternsError, match="E-CLEAN-001"):
        clean_text("text", CleanConfig(patterns_path=str(tmp_path / "nope")))


# --- fixer units ---------------------------------------------------------------


@pytest.mark.parametrize("module", [clean, chatter, dedupe, fences, mojibake, patterns, sentences, tables, whitespace])
def test_clean_doctests(module) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_clean_every_fixer_has_a_doctest() -> None:
    for step in clean._STEPS:
        assert ">>>" in (step.fixer.__doc__ or ""), step.fixer.__name__


def test_clean_tables_every_row_same_width() -> None:
    text = "| A | B | C | ||||\n|---|---|---|---|---|---|---|\n| 1 | 2 |\n| 3 | 4 | 5 | 6 |\n| 7"
    out, counts = tables.normalize_tables(text)
    widths = {line.count("|") for line in out.split("\n")}
    assert widths == {5}
    assert counts["table_truncated_row"] == 1


def test_clean_dedupe_ignores_short_lines_and_table_rows() -> None:
    text = "Overview\n| a | b |\n|---|---|\n| x | y |\nOverview\n| a | b |\n|---|---|\n| x | y |"
    assert dedupe.remove_duplicate_paragraphs(text) == (text, {})


def test_clean_mojibake_needs_evidence_for_word_final_punctuation_runs() -> None:
    # "Bá»™" (Bộ: » and ™ after a capital) looks like correct caps text such as "PÅ”";
    # the second pass accepts such word-final runs only when the line has other mojibake.
    assert mojibake.redecode_utf8_runs("PÅ” VÄG")[1] == 0
    assert mojibake.redecode_utf8_runs("Bá»™ officials")[1] == 0
    assert mojibake.redecode_utf8_runs("ErdoÄŸan met Bá»™ officials") == ("Erdoğan met Bộ officials", 2)


@pytest.mark.xfail(strict=True, reason="only table rows are checked for truncation; prose cut mid-sentence is not flagged")
def test_clean_truncated_prose_flagged() -> None:
    text = "Ruto met Ramaphosa in Nairobi. The two leaders agreed to expand cooperation on"
    assert "truncated" in clean_text(text).flags


