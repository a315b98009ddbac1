"""What an HTML page's metadata adds to its extracted text: the headline and the authors.

trafilatura's markdown often starts below the headline (the ``<h1>`` sits outside the
article element) or with a kicker; the page's ``og:title`` / ``<title>`` (trafilatura
strips the " | Site name" part) is the headline the outlet chose. It becomes the text's
first line as a level-1 heading, so the structure stage makes it the ``title`` block,
unless the text already opens with it.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_FENCED = re.compile(r"^[ \t]*```[^\n`]*\n(.*?)\n[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_LINE = re.compile(r"^[ \t]*`([^`\n]+)`[ \t]*$", re.MULTILINE)
_CODE_LIKE = re.compile(r"[;{}=<>]|\b(?:function|var|let|const|return|import|window|document)\b")
_SITE_SUFFIX = re.compile(r"\s+(?:[|–—»·-]|::)\s+(?:(?!\s(?:[|–—»·-]|::)\s)[^|–—»·]){2,40}$")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", re.sub(r"[#*_\\]", "", text)).strip().casefold()


def page_title(title: str | None, sitename: str | None = None) -> str | None:
    """The headline of a page from its metadata title, without a trailing site name.

    >>> page_title("Merz and Takaichi pledge closer ties | World News Daily", "World News Daily")
    'Merz and Takaichi pledge closer ties'
    >>> page_title("Emir says talks may resume | Qatar News | Al Jazeera")
    'Emir says talks may resume'
    >>> page_title("Aliyev hosts delegation » Official web-site of the President")
    'Aliyev hosts delegation'
    >>> page_title("  ") is None
    True
    """
    if not title or not title.strip():
        return None
    title = _SPACE.sub(" ", title).strip()
    for _ in range(3):  # "Headline | Qatar News | Al Jazeera": a section before the site
        suffix = _SITE_SUFFIX.search(title)
        if not suffix or not (not sitename or _norm(sitename) in _norm(suffix.group(0))
                              or any(sep in suffix.group(0) for sep in ("|", "»", "::"))):
            break
        title = title[: suffix.start()].strip()
    return title or None


def with_headline(text: str, title: str | None) -> str:
    """``text`` opening with ``# title``: added, or an opening line equal to it marked as one.

    >>> with_headline("Body text.", "Big news")
    '# Big news\\n\\nBody text.'
    >>> with_headline("# Big News\\n\\nBody text.", "Big news")
    '# Big News\\n\\nBody text.'
    >>> with_headline("WORLD\\n\\nBig news\\n\\nBody text.", "Big news")
    '# Big news\\n\\nWORLD\\n\\nBody text.'
    """
    if not title:
        return text
    cut = -1
    for _ in range(7):  # the headline is looked for in the first lines only
        cut = text.find("\n", cut + 1)
        if cut < 0:
            break
    if cut >= 0:  # a long text: rework its opening lines and keep the rest as it is (one copy)
        opening = text[: cut + 1]
        reworked = _with_headline_lines(opening, title)
        if reworked.strip():
            return text.replace(opening, reworked, 1)
    return _with_headline_lines(text, title)


def _with_headline_lines(text: str, title: str) -> str:
    lines = text.split("\n")
    head = [k for k, line in enumerate(lines[:6]) if line.strip()][:3]
    for k in head:
        if _norm(lines[k]) == _norm(title):
            if k == head[0]:
                if not lines[k].lstrip().startswith("#"):
                    lines[k] = "# " + lines[k].strip()
                return "\n".join(lines)
            del lines[k]  # the headline below a kicker: one copy, first
            if k < len(lines) and not lines[k].strip():
                del lines[k]
            break
    return f"# {title}\n\n" + "\n".join(lines).lstrip("\n")


def page_authors(author: str | None, sitename: str | None = None) -> list[str]:
    """trafilatura's author string ("Anna Keller; Tom Berg") as a list of names, without
    the outlet's own name ("Maya Torres; Cable News Hub").

    >>> page_authors("Anna Keller; Tom Berg; Cable News Hub", "Cable News Hub")
    ['Anna Keller', 'Tom Berg']
    >>> page_authors("Wednesday; July 26, 2023")
    []
    """
    if not author:
        return []
    names = [_SPACE.sub(" ", a).strip(" ,") for a in re.split(r";|\band\b|&|\|", author)]
    site = _norm(sitename) if sitename else None
    return [n for n in names if n and len(n) <= 60 and _norm(n) != site and not _DATE_WORDS.fullmatch(n)]


# What a page's author field holds when the site puts the date there ("Wednesday", "July 26, 2023").
_DATE_WORDS = re.compile(
    r"(?i)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|today|yesterday|updated|published"
    r"|\d[\d:.,/-]*|[ap]\.?m\.?)(?:[\s,.]+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?"
    r"|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d[\d:.,/-]*|[ap]\.?m\.?|utc|gmt))*")


def drop_code_blocks(text: str) -> str:
    """Fenced blocks trafilatura writes for a page's ``<pre>``/``<code>``: an embed's
    script ("loadEmbed();") goes; plain text in a ``<pre>`` stays, without the fences.
    On a page these are not chatbot code fences, so they raise no ``code_fence`` flag.
    A line that is one inline code span of script goes too.

    >>> drop_code_blocks("Talks ended.\\n```\\nwindow.embed({id: 1});\\n```\\nMore text.")
    'Talks ended.\\n\\nMore text.'
    >>> drop_code_blocks("A poem:\\n```\\nRoses are red\\n```")
    'A poem:\\nRoses are red'
    """
    if "`" not in text:
        return text
    drop = lambda m: "" if _CODE_LIKE.search(m.group(1)) else m.group(1)  # noqa: E731
    return _CODE_LINE.sub(drop, _FENCED.sub(drop, text))


def page_text(text: str, metadata) -> str:
    """The article text of a page with its headline on top and embed code removed."""
    text = drop_code_blocks(text)
    if metadata is None:
        return text
    return with_headline(text, page_title(metadata.title, metadata.sitename))


_LAYOUT_BLOCKS = ("p", "div", "h1", "h2", "h3", "ul", "ol", "table", "form")
_LAYOUT_CELL_WORDS = 60
_LAYOUT_MAX_BYTES = 5_000_000  # beyond this the page is not re-parsed (memory, see README Reliability)


def unwrap_layout_tables(html: str) -> str:
    """A page laid out with ``<table>`` (old government and embassy sites) has its article
    inside a table cell: trafilatura then writes the whole page as one markdown table row,
    and names in it are read as table cells. A table whose cells hold block elements or
    long prose is layout, not data: its table, row and cell tags become ``<div>`` so the
    article reads as paragraphs. Data tables (short cells) are left alone.

    >>> "<table" in unwrap_layout_tables("<table><tr><td>" + "word " * 80 + "</td></tr></table>")
    False
    >>> "<table" in unwrap_layout_tables("<table><tr><td>Energy</td><td>Oil</td></tr></table>")
    True
    """
    if "<table" not in html.lower() or len(html) > _LAYOUT_MAX_BYTES:
        return html
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    layout = []
    for table in root.iter("table"):
        own = [e for e in table.iter("thead", "tbody", "tfoot", "tr", "td", "th") if _owning_table(e) is table]
        if any(_is_layout_cell(c) for c in own if c.tag in ("td", "th")):
            layout.append((table, own))
    for table, own in layout:  # tags change after the walk: a data table inside a layout cell stays a table
        for element in [table, *own]:
            element.tag = "div"
    changed = bool(layout)
    if not changed:
        return html
    return lxml.html.tostring(root, encoding="unicode")


def _owning_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _is_layout_cell(cell) -> bool:
    if any(child.tag in _LAYOUT_BLOCKS for child in cell.iterdescendants() if isinstance(child.tag, str)):
        return True
    return len(cell.text_content().split()) >= _LAYOUT_CELL_WORDS
