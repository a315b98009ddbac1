"""Property tests for pipeline.clean (hypothesis)."""

from __future__ import annotations

import re
import string

import pytest

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pipeline.clean import CleanConfig, clean_text, fix_mojibake, normalize_tables
from pipeline.clean.mojibake import redecode_utf8_runs

ALL_FLAGS = {"mojibake", "llm_chat_artifact", "duplicate_content", "truncated", "code_fence", "empty", "boilerplate", "non_english"}

# Correct letters of the scripts the pipeline meets, one alphabet per language: a word is
# drawn from a single alphabet, as in real text (no mojibake by construction).
ALPHABETS = {
    "turkish": "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZâî",
    "german": "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜẞ",
    "french": "abcdefghijklmnopqrstuvwxyzàâæçéèêëîïôœùûüÿABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ",
    "polish": "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ",
    "czech": "aábcčdďeéěfghiíjklmnňoóprřsštťuúůvyýzžAÁBCČDĎEÉĚFGHIÍJKLMNŇOÓPRŘSŠTŤUÚŮVYÝZŽ",
    "romanian": "aăâbcdefghiîjklmnopqrsștțuvwxyzAĂÂBCDEFGHIÎJKLMNOPQRSȘTȚUVWXYZ",
    "nordic": "abcdefghijklmnopqrstuvwxyzæøåäöðþáéíóúýABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄÖÐÞÁÉÍÓÚÝ",
    "spanish": "abcdefghijklmnñopqrstuvwxyzáéíóúüABCDEFGHIJKLMNÑOPQRSTUVWXYZÁÉÍÓÚÜ",
    "portuguese": "abcdefghijklmnopqrstuvwxyzáâãàçéêíóôõúABCDEFGHIJKLMNOPQRSTUVWXYZÁÂÃÀÇÉÊÍÓÔÕÚ",
    "vietnamese": "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ",
    "hungarian": "aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyzAÁBCDEÉFGHIÍJKLMNOÓÖŐPQRSTUÚÜŰVWXYZ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґ",
    "greek": "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئة",
    "hebrew": "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
    "chinese": "北京上海普京埃尔多安会晤东京中国俄罗斯土耳其总统",
    "korean": "서울정상회담대통령한국",
}
SYMBOLS = list("≤≥±×÷√∞∑πµ€£¥₺₽₹¢–—…°½§©®™•") + ["25°C", "m²", "10\u00a0000", "5\u202f%"]
EMOJI = ["🎉", "🇹🇷", "👍🏽", "👨\u200d👩\u200d👧", "😀"]
SUFFIXES = ["", "", "", ",", ".", "’s", "”", "’", "»", "…", ":", "?", "!", ")"]
PREFIXES = ["", "", "", "“", "‘", "«", "„", "(", "¿", "¡"]


def _lower(letters: str) -> str:
    lower = "".join(c for c in letters if c.islower())
    return lower or letters  # uncased scripts (Arabic, Hebrew, Chinese, Korean)


LOWER_ALPHABETS = sorted(_lower(a) for a in ALPHABETS.values())


@st.composite
def correct_word(draw) -> str:
    """A word in one alphabet, cased like real text: lower, Title or UPPER."""
    letters = draw(st.sampled_from(LOWER_ALPHABETS))
    word = draw(st.text(alphabet=letters, min_size=1, max_size=12))
    word = draw(st.sampled_from([word, word, word.capitalize(), word.upper()]))
    return draw(st.sampled_from(PREFIXES)) + word + draw(st.sampled_from(SUFFIXES))


token = st.one_of(correct_word(), correct_word(), correct_word(), st.sampled_from(SYMBOLS + EMOJI))
correct_text = st.lists(token, max_size=20).map(" ".join)

# cp1252/latin-1 byte view, to recognise text that *is* mojibake-shaped
_BYTE = {chr(b): b for b in range(0x80, 0x100)}
for _b in range(0x80, 0xA0):
    try:
        _BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass


def has_utf8_run(text: str) -> bool:
    """Does ``text`` contain chars that, as cp1252 bytes, form a valid multi-byte UTF-8 char?

    A space counts as a possible A0 byte, as in ftfy's ``restore_byte_a0`` ("voilÃ le").
    """
    text = text.replace(" ", "\xa0")
    for i, ch in enumerate(text):
        lead = _BYTE.get(ch)
        if lead is None or not 0xC2 <= lead <= 0xF4:
            continue
        need = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
        seq = text[i + 1 : i + 1 + need]
        if len(seq) < need or not all(0x80 <= _BYTE.get(c, 0) <= 0xBF for c in seq):
            continue
        try:
            bytes([lead] + [_BYTE[c] for c in seq]).decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


REAL_WORDS = (
    "Erdoğan İstanbul Şişli çağrı Beşiktaş Müller Straße Österreich Élysée garçon déjà vu "
    "Łódź Wałęsa Gdańsk Żółć Nguyễn Xuân Phúc Hồ Chí Minh Đà Nẵng Dvořák Ľubomír Győr Ștefan Țara "
    "ÎNVĂȚĂMÂNTUL Ærø Åse Ålesund Þórshöfn Peña ¿Qué? São IRMÃ CAPITÃ NESTLÉ® CAFÉ™ FUß “quoted” "
    "‘single’ «guillemets» „low“ – — … €5 £3 ₺10 ₽20 ₹30 ≤ ≥ ± × ÷ √ ∞ ∑ π µ 25°C m² ½ § № "
    "Путин Эрдоган Αθήνα Μητσοτάκης أردوغان بوتين 普京 東京 서울 🎉 🇹🇷"
).split()
real_text = st.lists(st.sampled_from(REAL_WORDS), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
@given(correct_text)
@example("Erdoğan Łódź Nguyễn Ștefan")
def test_clean_mojibake_fixer_identity_on_correct_letters(text: str) -> None:
    assume(not has_utf8_run(text))
    assert fix_mojibake(text) == (text, {})


@settings(max_examples=300)
@given(real_text)
def test_clean_mojibake_fixer_identity_on_real_words(text: str) -> None:
    assert fix_mojibake(text) == (text, {})
    assert redecode_utf8_runs(text) == (text, 0)


@settings(max_examples=300)
@given(real_text)
def test_clean_only_mojibake_enabled_is_identity_on_real_words(text: str) -> None:
    config = CleanConfig(
        remove_llm_chatter=False,
        remove_code_fences=False,
        dedupe_paragraphs=False,
        normalize_tables=False,
        normalize_whitespace=False,
    )
    assert clean_text(text, config).text == text


LATIN_WORDS = [
    w
    for w in (
        "Erdoğan İstanbul Şişli çağrı Beşiktaş Müller Straße Österreich Élysée garçon déjà "
        "Wałęsa Gdańsk Nguyễn Xuân Phúc Đà Nẵng Dvořák Győr Ștefan Țara Peña São Türkiye "
        "Kılıçdaroğlu İmamoğlu Çavuşoğlu München Zürich Koç Fenerbahçe Kraków Poznań Brno "
        "Plzeň Košice Timișoara Iași Mălina Bucureşti Hà Nội Huế Cần Thơ Quảng Ngãi"
    ).split()
]


def damage(word: str) -> str:
    """UTF-8 bytes read as cp1252 (undefined bytes kept as C1 controls, like ftfy's sloppy codec)."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in word.encode("utf-8")
    )


@settings(max_examples=300)
@given(st.lists(st.sampled_from(LATIN_WORDS), min_size=1, max_size=8))
def test_clean_mojibake_roundtrip_in_sentence(words: list[str]) -> None:
    original = "Officials from " + " and ".join(words) + " met on Monday."
    damaged = "Officials from " + " and ".join(damage(w) for w in words) + " met on Monday."
    assert clean_text(damaged).text == original


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(LATIN_WORDS).map(lambda w: (True, w)),
            st.sampled_from(REAL_WORDS).map(lambda w: (False, w)),
        ),
        min_size=1,
        max_size=12,
    )
)
@example([(True, "İstanbul"), (False, "NESTLÉ®"), (False, "IRMÃ"), (True, "Erdoğan")])
def test_clean_mojibake_repair_leaves_correct_neighbours(items: list[tuple[bool, str]]) -> None:
    """Damaged words are repaired; correct words on the same line stay as they are."""
    original = " ".join(w for _, w in items)
    damaged = " ".join(damage(w) if hurt else w for hurt, w in items)
    assert fix_mojibake(damaged)[0] == original


@settings(max_examples=300)
@given(st.text(max_size=300))
@example("À\x80")  # overlong UTF-8 NUL: ftfy decodes it to "\x00"
def test_clean_never_raises_and_output_is_normalised(text: str) -> None:
    result = clean_text(text)
    out = result.text
    assert isinstance(out, str)
    assert "\r" not in out and "\x00" not in out and "\ufeff" not in out
    assert "\n\n\n" not in out
    assert out == out.strip("\n")
    assert all(line == line.rstrip(" \t") for line in out.split("\n"))
    assert result.flags == sorted(set(result.flags))
    assert set(result.flags) <= ALL_FLAGS
    assert ("empty" in result.flags) == (out == "")
    assert all(n > 0 for n in result.fixes.values())


cell = st.text(alphabet=string.ascii_letters + "  ,.&ğüéŁ’", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=200)
@given(
    st.integers(1, 5),
    st.integers(0, 12),
    st.lists(st.integers(0, 5), min_size=0, max_size=6),
    st.data(),
)
def test_clean_tables_have_one_width(width: int, extra: int, row_widths: list[int], data) -> None:
    header = [data.draw(cell) for _ in range(width)]
    rows = [[data.draw(cell) for _ in range(min(w, width) or 1)] for w in row_widths]
    lines = ["| " + " | ".join(header) + " |" + " |" * extra, "|" + "---|" * (width + extra)]
    lines += ["| " + " | ".join(r) + " |" + "|" * data.draw(st.integers(0, 3)) for r in rows]
    out, _ = normalize_tables("\n".join(lines))
    out_lines = out.split("\n")
    assert len(out_lines) == 2 + len(rows)
    assert {ln.count("|") for ln in out_lines} == {width + 1}
    assert out_lines[1] == "|" + "---|" * width
    assert normalize_tables(out) == (out, {})  # idempotent


paragraph = st.lists(
    st.sampled_from(
        [
            "Ruto met Ramaphosa in Nairobi to discuss regional trade and security.",
            "The two leaders signed agreements on energy, transport and farming.",
            "Observers say the deals could reshape commerce across East Africa.",
            "Overview",
            "- Energy",
            "| Sector | Outcome |\n|---|---|\n| Energy | Growth |",
            "Sure! Here's the rewritten article:",
            "“`html",
            "I hope this helps!",
            "ErdoÄŸan and Putin met.",
            "",
        ]
    ),
    max_size=12,
).map("\n".join)


PIECES = list("ab AB.!?:|-`~\n\t“’") + [
    "Sure!",
    "Here is the rewritten article:",
    "I hope this helps!",
    "Ruto met Ramaphosa in Nairobi to discuss regional trade.",
    "| x | y |",
    "|---|---|",
    "| a | b | |||",
    "|---|---|---|---|",
    "| c | d It looks like your HTML content got cut off. ",
    "Here’s the completed version of your HTML content:",
    "```html",
    "“`html ",
    "Leading analysts emphasize that the path to stability lies in trade. ",
    "Diplomatic engagement, they argue, must go beyond surface-level dialogue. ",
    "\n|\n",
    "\r\n",
    "\ufeff",
    "\u200b",
    "\xa0",
    "ErdoÄŸan",
    "ÅÃ³dÅº",
    "Nguyá»…n",
]
article_soup = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300)
@given(st.one_of(paragraph, article_soup))
def test_clean_idempotent_on_article_like_text(text: str) -> None:
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.fixes == {}


@pytest.mark.parametrize(
    "junk",
    [
        "\x94\xadß",  # -> "”ß" once the soft hyphen goes; ftfy then reads "”ß" as mojibake
        "\xadÂ°",  # the soft hyphen hid the mojibake "Â°" (= "°")
        "\xadÀ°",
        "Ã\u200b©",  # a zero-width space inside a mojibake pair
        " Â a",  # stripping the line exposes a line-initial "Â " (= no-break space)
        "â€©",  # ftfy decodes a paragraph separator, a line break for the next pass
    ],
)
def test_clean_idempotent_when_a_removed_character_exposes_mojibake(junk: str) -> None:
    once = clean_text(junk).text
    assert clean_text(once).text == once


mojibake_soup = st.text(
    alphabet=st.sampled_from(list("ÃÂÅÄÀÐÑâ€™œ”°©®±²³µ¶·¸¹º»¼½¾¿ß×÷ŸŠŽšžƒˆ˜ aeoğ\xad\u200b\ufeff\x81\x8d\x90\x94\n|")),
    max_size=40,
)


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=300), mojibake_soup))
def test_clean_idempotent_on_arbitrary_text(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


@settings(max_examples=200)
@given(paragraph)
def test_clean_first_occurrence_of_long_paragraphs_kept(text: str) -> None:
    out = clean_text(text).text
    for line in text.split("\n"):
        if line.startswith("Ruto met") or line.startswith("The two leaders") or line.startswith("Observers say"):
            assert out.count(line) == 1
    assert not re.search(r"Sure!|I hope this helps|`", out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(paragraph, article_soup, st.text(max_size=200)))
def test_clean_properties_annotate_never_raises_offsets_valid_schema(annotate, text: str) -> None:
    """Annotate any text: one record that validates, every offset on its span and inside its block."""
    from pipeline.schema import AnnotationRecord

    record = annotate(text)
    AnnotationRecord.model_validate_json(record.model_dump_json())
    if record.status == "error":
        return
    out = record.text
    for e in record.entities:
        assert out[e.start:e.end] == e.text
        if e.block is not None:
            assert record.blocks[e.block].start <= e.start and e.end <= record.blocks[e.block].end
    for c in record.claims:
        assert out[c.start:c.end] == c.text
    for item in [*record.topics, *record.positions, *record.events]:
        ev = item.evidence
        assert 0 <= ev.start <= ev.end <= len(out)
        if ev.block is not None:
            assert record.blocks[ev.block].start <= ev.start and ev.end <= record.blocks[ev.block].end
