"""Mojibake repair: ftfy, then a conservative re-decode of UTF-8-read-as-cp1252 runs.

Why two passes. ``ftfy.fix_text`` fixes most mojibake but scores ``ErdoÄŸan`` (the
UTF-8 bytes of ``ğ``, C4 9F, read as cp1252) as harmless: ``Ä`` and ``Ÿ`` are both
letters, so its badness is 0 and the sample's five ``ErdoÄŸan`` stay broken. The
second pass (:func:`redecode_utf8_runs`) looks at each run of characters that,
encoded as cp1252 (or latin-1, for C1 controls), is exactly one valid 2- or 3-byte
UTF-8 sequence, and re-decodes it only when the result is plausible:

- the decoded character is a letter of Latin-1, Latin Extended-A, Vietnamese, modern
  Greek or Cyrillic, or one of a few Latin Extended-B letters (``Ə ə ơ ư ǒ Ș ț`` ...),
  or a punctuation/currency sign from an ``â€``/``â‚``/``â„`` run (never real text);
- and the run sits in a word:

  - the next character is a letter (``Ä°stanbul``, ``ErdoÄŸan``), or the run holds a
    continuation character that never follows a letter in real text (``Ÿ §  ¼ š``:
    ``BeÅŸiktaÅŸ``, ``KoÃ§``, a lone ``ÅŸ``);
  - word-final runs of punctuation-like continuations (``’ ” » … ™`` ...): a 2-byte
    run is accepted after a lowercase letter (``dobrÄ…``: an uppercase letter cannot
    end a lowercase word) and never after an uppercase one (``CAFÉ™``, ``ÞAÐ”`` are
    correct caps text); a 3-byte run (``Bá»™``) and ``Ã`` + space (``HÃ  Ná»™i``, the
    A0 byte of ``à`` turned into a space) need other mojibake on the same line.

Two more repairs: :func:`restore_lost_lslash` puts back the 0x81 byte of ``Ł`` that
cp1252 cannot represent (``ÅÃ³dÅº`` -> ``Łódź``) when a run follows the ``Å``, and
:func:`keep_only_bad_tokens` undoes ftfy's whole-line re-decoding on correct words
next to mojibake (``NESTLÉ®``, ``IRMÃ DULCE``).

Correct text is never changed because it does not contain such runs: the lead
characters are Latin-1 letters ``Â``-``ï`` and the continuation characters are C1
controls, Latin-1 symbols ``\xa0``-``¿`` or the cp1252 extras (``’“”…–—Ÿšž``); the
combinations that do occur in real text (``Fuß“``, ``NESTLÉ®``, ``está»``) decode to
NKo/IPA/Hangul, are incomplete, or are caps words before punctuation.
``tests/data/clean_negative.tsv`` and hypothesis properties pin this.

ftfy settings (measured on tests/data/clean_negative.tsv: with ftfy's defaults 15 of
its lines change, with these none): ``uncurl_quotes`` off (config),
``fix_latin_ligatures`` and ``fix_character_width`` off (``ﬁ`` and fullwidth CJK
punctuation are legitimate characters), ``normalization`` None: NFC would also
rewrite singletons in correct text (Greek question mark U+037E -> ``;``, ano teleia
U+0387 -> ``·``, ohm sign, CJK compatibility ideographs), so only base+combining-mark
sequences are composed (:func:`compose_combining_sequences`). ``fix_line_breaks``
and ``remove_control_chars`` are off because the whitespace fixers own those.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# ftfy explanation step -> our fix kind
_FTFY_KIND = {
    "unescape_html": "html_entity",
    "remove_terminal_escapes": "terminal_escape",
}

# --- byte view of the characters a cp1252 / latin-1 decoder produces ----------------
_BYTE_OF: dict[str, int] = {chr(b): b for b in range(0x80, 0x100)}  # latin-1 view
for _b in range(0x80, 0xA0):
    try:
        _BYTE_OF[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:  # 81 8D 8F 90 9D are undefined in cp1252
        pass

_CONT_CHARS = "".join(sorted(c for c, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF))
_CONT = "[" + re.escape(_CONT_CHARS) + "]"
# Continuation characters that commonly follow a letter in correct text; a word-final
# run made only of these needs more evidence than one containing e.g. Ÿ, §, ¼, š.
_PUNCT_CONT = frozenset("’‘”“„»«›‹…–—•™®©°·¡¿´¨\xa0†‡‰\x85")

# Lead bytes C2-DF (2-byte sequences) and E0-EF (3-byte). 4-byte sequences (emoji)
# are left to ftfy, which handles them well because they are always "bad".
_RUN_RE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}")
_SUSPECT_RE = re.compile(f"[\u00c2-\u00ef]{_CONT}")
# A lone Å (C5) directly followed by another run: the byte after C5 was lost. 0x81
# (Ł) is undefined in cp1252 and is the one that gets dropped in Polish text
# ("ÅÃ³dÅº" for "Łódź"); the other lossy candidates (ō ŏ Ő ŝ) are far rarer.
_LOST_LSLASH_RE = re.compile(f"Å(?=[\u00c2-\u00df]{_CONT})")
# "Ã" + the space that replaced A0 (+ the original space, if it survived)
_A_GRAVE_SPACE_RE = re.compile(r"(?<=[^\W\d_])Ã(?: (?= ))?(?= )")


def _lower_or_initial(text: str, pos: int) -> bool:
    """Is ``text[pos - 1]`` a lowercase letter, or a capital that starts its word?"""
    prev = text[pos - 1]
    if prev.islower():
        return True
    return prev.isupper() and (pos < 2 or not text[pos - 2].isalpha())
_COMBINING_RE = re.compile(
    "[^\n][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)


# Latin Extended-B / IPA letters that real mojibake produces (Azerbaijani Ə ə, Vietnamese
# ơ ư, Pinyin tone vowels, Romanian comma-below Ș ș Ț ț, Lithuanian/Sami ǧ). The rest of
# those blocks is left out on purpose: "JOSÉ’s" (C9 92) would decode to IPA ɒ.
_EXT_B_LETTERS = frozenset("ƏəƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǦǧȘșȚț")


def _plausible(ch: str) -> bool:
    """Is ``ch`` a letter a re-decoded run may legitimately produce?

    >>> [_plausible(c) for c in "ğşİüéŁễΑжǒ"]
    [True, True, True, True, True, True, True, True, True, True]
    >>> [_plausible(c) for c in "ɒߓ×\u0301ͻѠ中"]  # IPA, NKo, sign, combining, archaic Greek/Cyrillic, CJK
    [False, False, False, False, False, False, False]
    """
    cp = ord(ch)
    if 0xC0 <= cp <= 0x17F:  # Latin-1 letters, Latin Extended-A
        return cp not in (0xD7, 0xF7)
    if ch in _EXT_B_LETTERS:
        return True
    if 0x386 <= cp <= 0x3CE or 0x400 <= cp <= 0x45F or 0x490 <= cp <= 0x4FF:
        return ch.isalpha()  # modern Greek; Cyrillic without the historic U+0460-048F
    return 0x1E00 <= cp <= 0x1EFF  # Latin Extended Additional (Vietnamese)


def _plausible_punct(ch: str) -> bool:
    cp = ord(ch)
    return 0x2010 <= cp <= 0x205E or 0x20A0 <= cp <= 0x20C0 or cp in (0x2116, 0x2122)


def _decode_run(run: str) -> str | None:
    try:
        return bytes(_BYTE_OF[c] for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


def restore_lost_lslash(text: str) -> tuple[str, int]:
    """Put back the byte 0x81 that cp1252 dropped after ``Å`` when a run follows.

    >>> restore_lost_lslash("ÅÃ³dÅº")
    ('Å\\x81Ã³dÅº', 1)
    >>> restore_lost_lslash("Åse Ålesund")
    ('Åse Ålesund', 0)
    """
    if "Å" not in text:
        return text, 0
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        nxt = _decode_run(text[m.end() : m.end() + 2])
        if nxt is None or not _plausible(nxt):
            return m.group(0)
        count += 1
        return "Å\x81"

    return _LOST_LSLASH_RE.sub(repl, text), count


def redecode_utf8_runs(text: str) -> tuple[str, int]:
    """Re-decode plausible UTF-8-as-cp1252 runs that ftfy leaves alone.

    >>> redecode_utf8_runs("ErdoÄŸan’s Approach | BeÅŸiktaÅŸ | Nguyá»…n | Ä°stanbul")
    ('Erdoğan’s Approach | Beşiktaş | Nguyễn | İstanbul', 5)
    >>> redecode_utf8_runs("Fuß“ NESTLÉ® está»… HÄ” Straße déjà vu")[1]
    0
    """
    if not _SUSPECT_RE.search(text):
        return text, 0
    n = len(text)
    accepted: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    for m in _RUN_RE.finditer(text):
        start, end = m.span()
        run = m.group(0)
        ch = _decode_run(run)
        if ch is None:
            continue
        if run[0] == "â" and _plausible_punct(ch):  # "â€", "â‚", "â„" never occur in text
            accepted.append((start, end, ch))
            continue
        if not _plausible(ch):
            continue
        prev = text[start - 1] if start > 0 else " "
        nxt = text[end] if end < n else " "
        odd = any(c not in _PUNCT_CONT for c in run[1:])
        if nxt.isalpha() or odd:
            # inside a word, or a continuation character that never follows a letter
            accepted.append((start, end, ch))
        elif prev.isalpha():
            if len(run) == 2:
                if prev.islower():  # "dobrÄ…": an uppercase lead ending a lowercase word
                    accepted.append((start, end, ch))
                # else "CAFÉ™", "ÞAÐ”": caps text followed by punctuation, never touched
            else:
                weak.append((start, end, ch))  # "Bá»™": only with evidence on the line
    if accepted:
        # "HÃ  Ná»™i": the A0 byte of "à" became a plain space; only with evidence.
        weak.extend(
            (m.start(), m.end(), "à")
            for m in _A_GRAVE_SPACE_RE.finditer(text)
            if _lower_or_initial(text, m.start())  # "Hà", "voilà"; not caps "IRMÃ DULCE"
        )
    if weak and accepted:
        lines_with_evidence = {text.count("\n", 0, s) for s, _, _ in accepted}
        accepted.extend(w for w in weak if text.count("\n", 0, w[0]) in lines_with_evidence)
        accepted.sort()
    if not accepted:
        return text, 0
    out: list[str] = []
    pos = 0
    for start, end, ch in accepted:
        out.append(text[pos:start])
        out.append(ch)
        pos = end
    out.append(text[pos:])
    return "".join(out), len(accepted)


_FTFY_QUIET = FTFY_CONFIG._replace(explain=False)


def keep_only_bad_tokens(before: str, after: str) -> str:
    """Undo ftfy's changes to tokens that ftfy would not change on their own.

    ftfy re-decodes a whole line at once, so a correct all-caps word on a line with
    mojibake is "fixed" along with it (``NESTLÉ®`` -> ``NESTLɮ``, ``IRMÃ `` -> ``IRMà``).
    Each changed space-separated token is re-checked alone (with its following space,
    for ftfy's ``restore_byte_a0``); if ftfy leaves it alone there, the original token is
    kept. When ftfy changed the number of tokens, its result is kept as is.

    >>> keep_only_bad_tokens("MÃ¼nchen NESTLÉ® IRMÃ DULCE", "München NESTLɮ IRMà DULCE")
    'München NESTLÉ® IRMÃ DULCE'
    """
    a, b = before.split(" "), after.split(" ")
    if len(a) != len(b):
        return after
    out = []
    last = len(a) - 1
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            probe = x + " " if i < last else x
            if ftfy.fix_text(probe, _FTFY_QUIET) == probe:
                y = x
        out.append(y)
    return " ".join(out)


def _ftfy_line(line: str) -> tuple[str, dict[str, int]]:
    fixed, steps = ftfy.fix_and_explain(line, FTFY_CONFIG)
    if fixed == line or not steps:
        return line, {}
    if " " in line:
        fixed = keep_only_bad_tokens(line, fixed)
        if fixed == line:
            return line, {}
    kinds: dict[str, int] = {}
    for action, param in steps:
        kind = _FTFY_KIND.get(param, "mojibake") if action == "apply" else "mojibake"
        kinds[kind] = 1
    return fixed, kinds


def _changed_tokens(before: str, after: str) -> int:
    a, b = before.split(), after.split()
    if len(a) != len(b):
        return max(1, abs(len(a) - len(b)))
    return max(1, sum(x != y for x, y in zip(a, b)))


_MAX_ROUNDS = 3

# Characters that can make ftfy do anything: non-ASCII, HTML entities, ANSI escapes.
# Curly quotes, dashes and the ellipsis alone cannot: in cp1252/cp1251 they are UTF-8
# continuation bytes and in MacRoman lead bytes, so with nothing else non-ASCII on the
# line no byte sequence of theirs decodes (and news has them on almost every line).
_FTFY_NEEDED_RE = re.compile(r"[^\x00-\x7f‘’“”–—…]|&[#A-Za-z0-9]+;|\x1b")


def fix_mojibake(text: str) -> tuple[str, dict[str, int]]:
    """Repair mojibake line by line: lost ``Ł`` byte, ftfy, then :func:`redecode_utf8_runs`.

    Counts: ``mojibake`` = number of whitespace-separated tokens that were re-decoded;
    ``html_entity`` / ``terminal_escape`` = number of lines where ftfy applied that fix.

    >>> fix_mojibake("Recep Tayyip ErdoÄŸan met ÅÃ³dÅº officials in MÃ¼nchen.")
    ('Recep Tayyip Erdoğan met Łódź officials in München.', {'mojibake': 3})
    >>> fix_mojibake("Erdoğan, Łódź, Müller, “quoted” – fine")
    ('Erdoğan, Łódź, Müller, “quoted” – fine', {})
    """
    if text.isascii() and "&" not in text and "\x1b" not in text:
        return text, {}
    counts: dict[str, int] = {}
    if not _FTFY_NEEDED_RE.search(text):
        return text, counts  # no copy of a long clean text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _FTFY_NEEDED_RE.search(line):
            continue
        fixed, kinds, n_runs = line, {}, 0
        for _ in range(_MAX_ROUNDS):  # until stable: re-decoding can expose more mojibake
            before = fixed
            fixed, n_lost = restore_lost_lslash(fixed)
            fixed, round_kinds = _ftfy_line(fixed)
            fixed, n_round = redecode_utf8_runs(fixed)
            kinds.update(round_kinds)
            n_runs += n_lost + n_round
            if fixed == before:
                break
        if fixed == line:
            continue
        for kind in kinds:
            if kind != "mojibake":
                counts[kind] = counts.get(kind, 0) + 1
        if "mojibake" in kinds or n_runs:
            counts["mojibake"] = counts.get("mojibake", 0) + _changed_tokens(line, fixed)
        lines[i] = fixed
    return "\n".join(lines), counts


def compose_combining_sequences(text: str) -> tuple[str, int]:
    """NFC-compose base+combining-mark sequences only (not NFC's singleton mappings).

    >>> compose_combining_sequences("Nguye\\u0302\\u0303n Erdog\\u0306an")
    ('Nguyễn Erdoğan', 2)
    >>> compose_combining_sequences("Ω ; · 豈")  # ohm sign, Greek question mark, ano teleia, CJK compat.
    ('Ω ; · 豈', 0)
    """
    if text.isascii():
        return text, 0
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        seq = m.group(0)
        composed = unicodedata.normalize("NFC", seq)
        if composed == seq or unicodedata.normalize("NFC", seq[0]) != seq[0]:
            return seq  # singleton base (e.g. ohm sign): leave it alone
        count += 1
        return composed

    return _COMBINING_RE.sub(repl, text), count
