"""Rewrite check for the real-news gold set: no run of 7 or more words of a source
article survives in its rewrite, except runs made of names, titles and official terms.

The source texts are third-party and never enter the repository. What is kept is a
fingerprint per article (``fingerprints/<stem>.txt``): the truncated SHA-1 of every
7-word shingle of the source, after lower-casing and stripping punctuation. The check
hashes the rewrite's shingles the same way and reports each one found in the source.

Overlapping hits merge into maximal copied runs. Names and titles do not count towards a
run's length: a run is reported when more than 6 of its words are neither capitalised nor
a function word between capitalised words ("Minister of Foreign Affairs of Japan" counts 0,
"Sousa held extensive talks on Friday exploring" counts 6).

    python data/gold/realnews/rewrite_check.py fingerprint SOURCE.txt > fingerprints/STEM.txt
    python data/gold/realnews/rewrite_check.py check            # every article; exit 1 on a hit
    python data/gold/realnews/rewrite_check.py check --source SOURCE.txt REWRITE.txt

The real-page set (``../realpages``) is checked the same way: the visible text of each
``dev/pages/<stem>.html`` and ``heldout/pages/<stem>.html`` (outside script and style) against ``realpages/fingerprints/<stem>.txt``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE.parent / "realpages"
RUN = 7  # the first run length that is not allowed (the rule allows up to 6 words)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
FUNCTION_WORDS = {
    "of", "the", "and", "for", "de", "da", "do", "dos", "das", "del", "la", "le", "al", "el",
    "bin", "bint", "ibn", "von", "van", "der", "den", "on", "in", "to", "at", "a", "an", "y", "e",
}


def words(text: str) -> list[str]:
    """Words as written (case kept), apostrophes inside words kept."""
    return WORD.findall(text)


def shingle_hash(tokens: list[str]) -> str:
    key = " ".join(t.casefold().replace("’", "'") for t in tokens)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def fingerprint(text: str) -> list[str]:
    tokens = words(text)
    return sorted({shingle_hash(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)})


def counted_words(tokens: list[str]) -> int:
    """Words of a run that count towards its length: not names, titles or numbers, nor a
    function word inside a name ("of" in "Minister of Foreign Affairs")."""
    def is_name(i: int) -> bool:
        t = tokens[i]
        if t[0].isupper() or t[0].isdigit():
            return True
        inside = 0 < i < len(tokens) - 1 and tokens[i - 1][0].isupper() and tokens[i + 1][0].isupper()
        return inside and t.casefold() in FUNCTION_WORDS
    return sum(not is_name(i) for i in range(len(tokens)))


def copied_runs(rewrite: str, source_hashes: set[str]) -> list[str]:
    """Each 7-word run of the rewrite that is also in the source (merged into maximal runs)."""
    tokens = words(rewrite)
    hits = [i for i in range(len(tokens) - RUN + 1) if shingle_hash(tokens[i : i + RUN]) in source_hashes]
    runs: list[tuple[int, int]] = []
    for i in hits:
        if runs and i <= runs[-1][1]:
            runs[-1] = (runs[-1][0], i + RUN)
        else:
            runs.append((i, i + RUN))
    return [" ".join(tokens[a:b]) for a, b in runs if counted_words(tokens[a:b]) >= RUN]


def article_paths() -> list[Path]:
    texts = [p for split in ("dev", "heldout") for p in (HERE / split / "texts").glob("*.*")]
    return sorted(texts) + sorted(PAGES.glob("*/pages/*.html"))


def visible_text(html: str) -> str:
    """The text a reader sees on a page: everything outside tags, scripts and styles,
    plus the title and description metadata (they are the outlet's words too)."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")
            values = dict(attrs)
            if tag == "meta" and values.get("content") and "image" not in (values.get("property") or values.get("name") or ""):
                self.parts.append("\n" + values["content"] + "\n")
            self.parts.append("\n")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0
            self.parts.append("\n")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def rewrite_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return visible_text(text) if path.suffix in (".html", ".htm") else text


def fingerprint_file(path: Path) -> Path:
    folder = PAGES if path.suffix in (".html", ".htm") else HERE
    return folder / "fingerprints" / f"{path.stem}.txt"


def check_all() -> int:
    problems = 0
    paths = article_paths()
    for path in paths:
        fp = fingerprint_file(path)
        if not fp.exists():
            print(f"{path}: no fingerprint")
            problems += 1
            continue
        hashes = set(fp.read_text(encoding="utf-8").split())
        for run in copied_runs(rewrite_text(path), hashes):
            print(f"{path}: copied run: {run}")
            problems += 1
    print(f"{len(paths)} articles, {problems} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fp = sub.add_parser("fingerprint", help="print the shingle hashes of a source text")
    fp.add_argument("source", type=Path)
    ck = sub.add_parser("check", help="check every article, or one against its source")
    ck.add_argument("--source", type=Path)
    ck.add_argument("rewrite", type=Path, nargs="?")
    args = parser.parse_args(argv)
    if args.command == "fingerprint":
        print("\n".join(fingerprint(args.source.read_text(encoding="utf-8"))))
        return 0
    if args.source and args.rewrite:
        runs = copied_runs(rewrite_text(args.rewrite), set(fingerprint(args.source.read_text(encoding="utf-8"))))
        for run in runs:
            print(f"copied run: {run}")
        print(f"{len(runs)} copied runs")
        return 1 if runs else 0
    return check_all()


if __name__ == "__main__":
    sys.exit(main())
