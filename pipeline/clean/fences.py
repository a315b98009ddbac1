"""Stray code-fence markers left by chatbots (```html, ~~~, and the curled “`html).

The sample's ``“`html`` is a triple backtick that went through a "smart quotes" filter:
the first two backticks (a TeX-style opening quote) became ``“`` and one backtick is
left. So ``“``` and ``“`` + backtick are fences too, wherever they are found.

Only the marker is removed; text on the same line is kept (the sample glues a whole
duplicated paragraph after ``“`html``). A line left empty by the removal is deleted.
Markers are recognised:

- at the start of a line: any fence, with or without a language tag;
- at the end of a line: a bare fence;
- mid-line: a fence followed by a language tag from ``fence_languages.txt``, a curled
  fence, or three or more backticks. A single inline-code backtick (`` `x` ``) is
  never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .patterns import CleanPatterns, load_patterns


@lru_cache(maxsize=8)
def _fence_regexes(languages: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lang = "(?:" + "|".join(re.escape(x) for x in sorted(languages, key=len, reverse=True)) + ")"
    quote = "[“”\"‘’'„]"
    core = f"(?:{quote}?`{{3,}}|~{{3,}}|“`|{quote}?`{{1,2}}(?=(?i:{lang})\\b))"
    tag = f"(?:[ \\t]*(?i:{lang})\\b)?"
    # one alternation, tried left to right: line start, line end, mid-line
    marker = re.compile(
        f"^[ \\t]*{core}{tag}[ \\t]*"
        f"|[ \\t]*{core}[ \\t]*$"
        f"|[ \\t]*(?:{quote}?`{{3,}}|~{{3,}}|“`|{quote}?`(?=(?i:{lang})\\b)){tag}(?!`)",
        re.M,
    )
    probe = re.compile("`|~~~")
    return marker, probe


def remove_code_fences(text: str, *, patterns: CleanPatterns | None = None) -> tuple[str, int]:
    """Remove stray code-fence markers; keep the text on their lines.

    >>> remove_code_fences("Stability\\n“`html\\nLeading analysts\\n“`html Leading again\\n```")
    ('Stability\\nLeading analysts\\nLeading again', 3)
    >>> remove_code_fences("Use the `print` function, he said.")
    ('Use the `print` function, he said.', 0)
    """
    p = patterns or load_patterns()
    marker, probe = _fence_regexes(p.fence_languages)
    if not probe.search(text):
        return text, 0
    count = 0
    out: list[str] = []
    for line in text.split("\n"):
        if "`" in line or "~~~" in line:
            fixed, n = marker.subn(" ", line)
            while n:  # removing one marker can expose another ("a~~~```html")
                fixed, again = marker.subn(" ", fixed)
                if not again:
                    break
                n += again
            if n:
                count += n
                fixed = fixed.strip(" \t") if fixed.strip() else ""
                if not fixed:
                    continue
                line = fixed
        out.append(line)
    return "\n".join(out), count
