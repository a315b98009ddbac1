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
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
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
    return sorted(p for split in ("dev", "heldout") for p in (HERE / split / "texts").glob("*.*"))


def check_all() -> int:
    problems = 0
    for path in article_paths():
        fp = HERE / "fingerprints" / f"{path.stem}.txt"
        if not fp.exists():
            print(f"{path.relative_to(HERE)}: no fingerprint")
            problems += 1
            continue
        hashes = set(fp.read_text(encoding="utf-8").split())
        for run in copied_runs(path.read_text(encoding="utf-8"), hashes):
            print(f"{path.relative_to(HERE)}: copied run: {run}")
            problems += 1
    print(f"{len(article_paths())} articles, {problems} problems")
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
        runs = copied_runs(args.rewrite.read_text(encoding="utf-8"), set(fingerprint(args.source.read_text(encoding="utf-8"))))
        for run in runs:
            print(f"copied run: {run}")
        print(f"{len(runs)} copied runs")
        return 1 if runs else 0
    return check_all()


if __name__ == "__main__":
    sys.exit(main())
