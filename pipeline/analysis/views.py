"""One document in a notebook or a standalone HTML page: the text once, every annotation layered on it.

:func:`show` renders a record as one page. The cleaned text appears once, block by
block (the title as the page heading, markdown tables as HTML tables), with three
layers drawn on the same characters: entities as coloured marks with their label,
claims underlined in the colour of their speaker type with the speaker in front, and
topic evidence with a dashed underline below. A side panel (under the text on a
narrow screen) lists the events, positions, claims, topics and the people and places,
each linked to where it is in the text.

Everything is built from the record alone: no spaCy model or tokenizer is loaded, and
since every span's offsets index the record's ``text``, the layers are cut from the
same string the annotations point into (a span that crosses a table cell is drawn in
each cell it covers).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frames import find_record

ENTITY_COLORS = {"PERSON": "#c5b8ff", "COUNTRY": "#fed48a", "PLACE": "#a9dcdc", "ORG": "#9ff0e7", "NORP": "#e2b8fd"}
SPEAKER_COLORS = {"person": "#2a9d8f", "group": "#8ab17d", "organization": "#d4a017", "country": "#9b5de5",
                  "unattributed": "#8c959f"}
TOPIC_COLOR = "#f4a261"
FLAG_COLOR = "#e45756"
# "text" is the layered text; the others are the side panel's sections, in this order.
SECTIONS = ("text", "events", "positions", "claims", "topics", "entities")

_CSS = """
.nc-view { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; font-size: 15px; line-height: 1.5; }
.nc-view h1 { font-size: 1.55em; line-height: 1.6; margin: 0 0 0.3em; overflow-wrap: anywhere; }
.nc-view .nc-meta { color: #57606a; font-size: 0.86em; margin: 0.15em 0; overflow-wrap: anywhere; }
.nc-view .nc-meta code { background: #f6f8fa; padding: 0.05em 0.3em; border-radius: 4px; }
.nc-view .nc-badge { display: inline-block; padding: 0.05em 0.55em; margin: 0 0.3em 0.2em 0; border-radius: 1em; font-size: 0.8em; font-weight: 600; color: #fff; background: #e45756; }
.nc-view .nc-legend { font-size: 0.8em; color: #57606a; margin: 0.8em 0 1em; line-height: 2; }
.nc-view .nc-legend span { margin-right: 0.9em; white-space: nowrap; }
.nc-view .nc-legend .nc-key { display: inline-block; width: 1.7em; height: 0.85em; vertical-align: -0.1em; margin-right: 0.3em; border-radius: 0.2em; }
.nc-view .nc-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(280px, 360px); gap: 2.2rem; align-items: start; }
@media (max-width: 860px) { .nc-view .nc-layout { grid-template-columns: minmax(0, 1fr); gap: 1rem; } .nc-view h1 { font-size: 1.3em; } }
.nc-view .nc-text { line-height: 2.35; font-size: 1.02em; }
.nc-view .nc-block { margin: 0 0 0.9em; white-space: pre-wrap; overflow-wrap: break-word; }
.nc-view .nc-b-heading { font-weight: 700; font-size: 1.12em; margin-top: 1.2em; }
.nc-view .nc-b-byline, .nc-view .nc-b-boilerplate { color: #57606a; font-size: 0.9em; }
.nc-view .nc-b-list { padding-left: 0.4em; }
.nc-view .nc-b-code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.86em; background: #f6f8fa; padding: 0.3em 0.6em; border-radius: 6px; }
.nc-view mark.nc-ent { color: inherit; padding: 0.15em 0.3em; border-radius: 0.3em; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.nc-view mark.nc-ent .nc-ent-label { font-size: 0.62em; font-weight: 700; margin-left: 0.3em; vertical-align: 0.12em; letter-spacing: 0.02em; opacity: 0.75; }
.nc-view .nc-claim { border-bottom: 3px solid var(--nc-c); padding-bottom: 2px; }
.nc-view .nc-topic { border-bottom: 2px dashed #e07b1f; padding-bottom: 8px; }
.nc-view .nc-tag { display: inline-block; font-size: 0.66em; font-weight: 700; line-height: 1.3; color: #fff; padding: 0.05em 0.45em; margin: 0 0.3em 0 0.1em; border-radius: 0.7em; vertical-align: 0.25em; white-space: nowrap; max-width: 22em; overflow: hidden; text-overflow: ellipsis; text-decoration: none; }
.nc-view .nc-tag-topic { background: #e07b1f; }
.nc-view .nc-anchor:target::after, .nc-view .nc-tag:target { outline: 3px solid #0969da; outline-offset: 1px; }
.nc-view .nc-anchor:target::after { content: "\\25B6"; color: #0969da; font-size: 0.8em; }
.nc-view table.nc-doc-table { border-collapse: collapse; margin: 0.2em 0 1.1em; font-size: 0.92em; line-height: 2.1; white-space: normal; display: block; overflow-x: auto; max-width: 100%; }
.nc-view table.nc-doc-table th, .nc-view table.nc-doc-table td { border: 1px solid #d0d7de; padding: 0.15em 0.6em; text-align: left; vertical-align: top; }
.nc-view table.nc-doc-table th { background: #f6f8fa; }
.nc-view .nc-panel { font-size: 0.9em; line-height: 1.45; border-left: 1px solid #d0d7de; padding-left: 1.4rem; }
@media (max-width: 860px) { .nc-view .nc-panel { border-left: 0; border-top: 1px solid #d0d7de; padding: 0.6rem 0 0; } }
.nc-view .nc-panel h2 { font-size: 0.95em; text-transform: uppercase; letter-spacing: 0.04em; color: #57606a; margin: 1.3em 0 0.5em; }
.nc-view .nc-panel h2:first-child { margin-top: 0.2em; }
.nc-view .nc-panel h2 .nc-count { font-weight: 400; }
.nc-view .nc-item { margin: 0 0 0.75em; padding: 0.45em 0.6em; background: #f6f8fa; border-radius: 6px; border-left: 4px solid var(--nc-c, #d0d7de); }
.nc-view .nc-item .nc-what { font-weight: 600; }
.nc-view .nc-item .nc-detail { color: #57606a; font-size: 0.92em; }
.nc-view .nc-item .nc-quote { font-style: italic; }
.nc-view .nc-item a.nc-jump { font-size: 0.85em; color: #0969da; text-decoration: none; white-space: nowrap; }
.nc-view .nc-chip { display: inline-block; font-size: 0.78em; padding: 0 0.45em; border-radius: 0.6em; background: #ddf4ff; color: #0550ae; margin-left: 0.25em; }
.nc-view .nc-empty { color: #8c959f; font-style: italic; margin: 0 0 0.6em; }
.nc-view .nc-ents { list-style: none; padding: 0; margin: 0; }
.nc-view .nc-ents li { margin: 0 0 0.3em; }
.nc-view .nc-ents .nc-ent-dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 0.2em; margin-right: 0.4em; }
.nc-view .nc-error { color: #b42318; }
"""


class DocumentView:
    """The rendered document: displays itself in Jupyter; :meth:`to_html` gives a standalone page."""

    def __init__(self, body: str, title: str):
        self.body = body
        self.title = title

    def __repr__(self) -> str:
        return f"DocumentView({self.title!r})"

    def _repr_html_(self) -> str:
        return f"<style>{_CSS}</style>{self.body}"

    def to_html(self) -> str:
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(self.title)}</title>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<style>body {{ margin: 0; padding: 1.6rem 1.2rem; background: #fff; }}\n"
            f".nc-view {{ max-width: 1240px; margin: 0 auto; }}\n{_CSS}</style>\n"
            f"</head>\n<body>\n{self.body}\n</body>\n</html>\n"
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path


def _as_dict(annotation) -> dict[str, Any]:
    if isinstance(annotation, dict):
        return annotation
    if isinstance(annotation, (str, bytes)):
        return json.loads(annotation)
    if hasattr(annotation, "model_dump"):  # pipeline.schema.AnnotationRecord
        return annotation.model_dump()
    raise TypeError(f"[analysis.E005] show() takes an annotation record (dict, JSON line or AnnotationRecord), not {type(annotation).__name__}.")


def show(annotation, *, sections: tuple[str, ...] = SECTIONS) -> DocumentView:
    """Render one annotation record (a dict, a JSON line or an ``AnnotationRecord``).

    ``sections``: which parts to render: ``text`` (the layered text) and the side
    panel's ``events``, ``positions``, ``claims``, ``topics``, ``entities``.
    """
    record = _as_dict(annotation)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"[analysis.E006] unknown section(s) {sorted(unknown)}; choose from {list(SECTIONS)}.")
    layers = _Layers.of(record)
    heading_block = _heading_block(record)
    title = _page_title(record, heading_block)
    parts = ['<div class="nc-view">', _header(record, layers, heading_block, title)]
    if record.get("status", "ok") != "ok":
        error = record.get("error") or {}
        parts.append(f'<p class="nc-error">Error record: <b>{_e(error.get("type"))}</b> {_e(error.get("message"))}</p></div>')
        return DocumentView("\n".join(parts), title)
    panel = [_PANEL[name](record) for name in sections if name != "text"]
    main = _text(record, layers, skip=heading_block) if "text" in sections else ""
    if main and panel:
        parts.append(f'<div class="nc-layout"><main class="nc-text">{main}</main>'
                     f'<aside class="nc-panel">{"".join(panel)}</aside></div>')
    elif main:
        parts.append(f'<main class="nc-text">{main}</main>')
    else:
        parts.append(f'<aside class="nc-panel">{"".join(panel)}</aside>')
    parts.append("</div>")
    return DocumentView("\n".join(parts), title)


def view(paths, doc_id: str | None = None, output: str | Path | None = None) -> str:
    """The standalone HTML page of ``doc_id`` (default: the first annotated document) in ``paths``.

    ``paths`` is what :func:`~pipeline.analysis.frames.load_annotations` accepts; the
    files are streamed until the document is found. With ``output`` the page is written there.
    """
    page = show(find_record(paths, doc_id)).to_html()
    if output is not None:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(page, encoding="utf-8")
    return page


# --- the layers -----------------------------------------------------------------------------


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


@dataclass(frozen=True)
class _Mark:
    """One span of one layer: an entity, a claim or a topic's evidence."""

    start: int
    end: int
    kind: str  # "ent", "claim" or "topic"
    index: int  # position in the record's list (anchors: claim-3, topic-0)
    label: str
    color: str
    tooltip: str = ""


@dataclass
class _Layers:
    marks: list[_Mark]
    anchors: dict[int, list[str]]  # offset -> ids of events/positions whose evidence starts there

    @classmethod
    def of(cls, record: dict) -> "_Layers":
        marks = []
        for i, ent in enumerate(record.get("entities") or []):
            tooltip = " · ".join(str(x) for x in (ent.get("canonical"), ent.get("kb_id"), ent.get("country")) if x)
            marks.append(_Mark(ent["start"], ent["end"], "ent", i, ent["label"], ENTITY_COLORS.get(ent["label"], "#ddd"), tooltip))
        for i, claim in enumerate(record.get("claims") or []):
            kind = claim.get("speaker_type") or "unattributed"
            label = claim.get("speaker") or kind
            tooltip = f"claim · {kind} · cue: {claim.get('cue') or '-'}" + (" · hedged" if claim.get("hedged") else "")
            marks.append(_Mark(claim["start"], claim["end"], "claim", i, label, SPEAKER_COLORS.get(kind, "#8c959f"), tooltip))
        for i, topic in enumerate(record.get("topics") or []):
            evidence = topic.get("evidence") or {}
            if evidence.get("end", 0) > evidence.get("start", 0):
                label = topic.get("category") or topic.get("label") or "topic"
                marks.append(_Mark(evidence["start"], evidence["end"], "topic", i, f"topic: {label}", TOPIC_COLOR,
                                   f"topic · {topic.get('label')} · {topic.get('method')}"))
        anchors: dict[int, list[str]] = {}
        for kind, items in (("event", record.get("events")), ("position", record.get("positions"))):
            for i, item in enumerate(items or []):
                evidence = item.get("evidence") or {}
                if "start" in evidence:
                    anchors.setdefault(evidence["start"], []).append(f"{kind}-{i}")
        return cls(marks, anchors)

    def within(self, start: int, end: int) -> list[_Mark]:
        return [m for m in self.marks if m.start < end and m.end > start]


# Nesting order of one segment's wrappers, outermost first: the topic's dashed line sits
# below the claim's solid one, and the entity's mark is innermost.
_NESTING = {"topic": 0, "claim": 1, "ent": 2}


def _render_range(text: str, start: int, end: int, layers: _Layers, opened: set[tuple[str, int]]) -> str:
    """``text[start:end]`` as HTML with every layer that covers part of it.

    The range is cut at every mark boundary; each segment is wrapped in the marks that
    cover it (topic, claim, entity). A claim or topic gets its tag where it is first
    drawn (``opened`` remembers which were, across blocks and table cells); an entity gets
    its label where it ends.
    """
    marks = layers.within(start, end)
    cuts = sorted({start, end} | {m.start for m in marks if start < m.start < end} | {m.end for m in marks if start < m.end < end}
                  | {o for o in layers.anchors if start <= o < end})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for anchor in layers.anchors.get(a, ()):
            if ("anchor", anchor) not in opened:
                opened.add(("anchor", anchor))
                out.append(f'<span class="nc-anchor" id="{anchor}"></span>')
        covering = sorted((m for m in marks if m.start <= a and m.end >= b), key=lambda m: _NESTING[m.kind])
        if not covering:
            out.append(_e(text[a:b]))
            continue
        tags = []
        for m in covering:
            if m.kind != "ent" and (m.kind, m.index) not in opened:
                opened.add((m.kind, m.index))
                css = "nc-tag nc-tag-topic" if m.kind == "topic" else "nc-tag"
                style = "" if m.kind == "topic" else f' style="background:{m.color}"'
                tags.append(f'<span class="{css}" id="{m.kind}-{m.index}"{style} title="{_e(m.tooltip)}">{_e(m.label)}</span>')
        piece = _e(text[a:b])
        for m in reversed(covering):  # innermost first
            if m.kind == "ent":
                label = f'<span class="nc-ent-label">{_e(m.label)}</span>' if m.end == b else ""
                piece = f'<mark class="nc-ent entity" style="background:{m.color}" title="{_e(m.tooltip)}">{piece}{label}</mark>'
            elif m.kind == "claim":
                piece = f'<span class="nc-claim" style="--nc-c:{m.color}">{piece}</span>'
            else:
                piece = f'<span class="nc-topic">{piece}</span>'
        out.append("".join(tags) + piece)
    return "".join(out)


# --- the text -------------------------------------------------------------------------------

def _table_html(text: str, block: dict, layers: _Layers, opened: set) -> str:
    """A table block as an HTML table whose cells keep their entities, claims and topics."""
    from ..structure import is_separator, split_cells

    rows, offset = [], block["start"]
    for line in text[block["start"]:block["end"]].split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        cells = split_cells(text, line_start, line_start + len(line)) if line.strip() else []
        if cells and not is_separator([text[a:b] for a, b in cells]):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    out = ['<table class="nc-doc-table">']
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        cells = "".join(f"<{tag}>{_render_range(text, a, b, layers, opened)}</{tag}>" for a, b in row)
        cells += f"<{tag}></{tag}>" * (width - len(row))
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def _text(record: dict, layers: _Layers, skip: dict | None) -> str:
    """Every block once, in order: tables as tables, the others as their text (line breaks kept)."""
    text = record.get("text") or ""
    blocks = record.get("blocks") or [{"id": 0, "kind": "paragraph", "start": 0, "end": len(text)}]
    opened: set = set()
    rendered = [_legend(record)]
    for block in blocks:
        if skip is not None and block is skip:
            continue
        kind = _e(block.get("kind"))
        if block.get("kind") == "table":
            rendered.append(_table_html(text, block, layers, opened))
        else:
            rendered.append(f'<div class="nc-block nc-b-{kind}" data-block="{_e(block.get("id"))}">'
                            f'{_render_range(text, block["start"], block["end"], layers, opened)}</div>')
    return "".join(rendered)


def _legend(record: dict) -> str:
    labels = sorted({e["label"] for e in record.get("entities") or []})
    speakers = sorted({c.get("speaker_type") or "unattributed" for c in record.get("claims") or []})
    keys = [f'<span><span class="nc-key" style="background:{ENTITY_COLORS.get(label, "#ddd")}"></span>{_e(label)}</span>' for label in labels]
    keys += [f'<span><span class="nc-key" style="border-bottom:3px solid {SPEAKER_COLORS.get(s, "#8c959f")};height:0.4em"></span>'
             f'claim by {_e(s)}</span>' for s in speakers]
    if record.get("topics"):
        keys.append('<span><span class="nc-key" style="border-bottom:2px dashed #e07b1f;height:0.4em"></span>topic evidence</span>')
    return f'<div class="nc-legend">{"".join(keys)}</div>' if keys else ""


# --- the heading ----------------------------------------------------------------------------


def _heading_block(record: dict) -> dict | None:
    """The block shown as the page's heading: the title block, else the first heading (never a table)."""
    blocks = record.get("blocks") or []
    for kind in ("title", "heading"):
        for block in blocks:
            if block.get("kind") == kind:
                return block
    return None


def _page_title(record: dict, heading_block: dict | None) -> str:
    if record.get("title"):
        return str(record["title"])
    if heading_block is not None:
        text = (record.get("text") or "")[heading_block["start"]:heading_block["end"]]
        return " ".join(text.lstrip("#").split()) or "Untitled document"
    return "Untitled document"


_HASHES = re.compile(r"#*[ \t]*")  # a markdown heading's marker, where a text kept one


def _header(record: dict, layers: _Layers, heading_block: dict | None, title: str) -> str:
    source = record.get("source") or {}
    if heading_block is not None and record.get("status", "ok") == "ok":
        text = record.get("text") or ""
        start = heading_block["start"] + len(_HASHES.match(text, heading_block["start"]).group())
        heading = _render_range(text, start, heading_block["end"], layers, set())
    else:
        heading = _e(title)
    where = [f"<code>{_e(record.get('doc_id'))}</code>"]
    if source.get("path"):
        where.append(_e(source["path"]) + (f":{source['line']}" if source.get("line") else ""))
    if source.get("url"):
        url = _e(source["url"])
        where.append(f'<a href="{url}">{url}</a>')
    if source.get("date"):
        where.append(_e(source["date"]))
    if source.get("authors"):
        where.append("by " + _e(", ".join(source["authors"])))
    counts = " · ".join(f"{len(record.get(k) or [])} {k}" for k in ("entities", "events", "positions", "claims", "topics"))
    lines = [f"<h1>{heading}</h1>", f'<p class="nc-meta">{" · ".join(where)}</p>', f'<p class="nc-meta">{counts}</p>']
    flags = (record.get("cleaning") or {}).get("flags") or []
    if flags:
        badges = "".join(f'<span class="nc-badge">{_e(flag)}</span>' for flag in flags)
        lines.append(f'<p class="nc-meta">cleaning flags: {badges}</p>')
    return "\n".join(lines)


# --- the side panel -------------------------------------------------------------------------


def _section(title: str, items: list[str], empty: str, *, wrap: str = "") -> str:
    count = f' <span class="nc-count">({len(items)})</span>' if items else ""
    body = "".join(items) if items else f'<p class="nc-empty">{_e(empty)}</p>'
    if items and wrap:
        body = f'<{wrap}>{body}</{wrap.split()[0]}>'
    return f"<h2>{_e(title)}{count}</h2>{body}"


def _jump(anchor: str) -> str:
    return f' <a class="nc-jump" href="#{anchor}">in text ↗</a>'


def _snippet(value: str | None, limit: int = 180) -> str:
    value = " ".join((value or "").split())
    return _e(value if len(value) <= limit else value[: limit - 1].rstrip() + "…")


def _events(record: dict) -> str:
    items = []
    for i, event in enumerate(record.get("events") or []):
        where = ", ".join(x for x in (event.get("location"), event.get("country")) if x) or "place unknown"
        details = " · ".join(_e(x) for x in (where, event.get("time"), event.get("occasion")) if x)
        items.append(f'<div class="nc-item" style="--nc-c:#0969da"><div class="nc-what">{_e(event.get("type"))}: '
                      f'{_e(", ".join(event.get("participants") or []))}</div><div class="nc-detail">{details}'
                      f'{_jump(f"event-{i}")}</div></div>')
    return _section("Events", items, "No meetings in this document.")


def _positions(record: dict) -> str:
    items = []
    for i, position in enumerate(record.get("positions") or []):
        chips = "".join(f'<span class="nc-chip">{_e(x)}</span>' for x in (position.get("category"), position.get("method")) if x)
        topic = f' on <i>{_e(position["topic"])}</i>' if position.get("topic") else ""
        items.append(f'<div class="nc-item" style="--nc-c:#9b5de5"><div><span class="nc-what">{_e(position.get("actor"))}</span>'
                      f'{topic}{chips}</div><div class="nc-detail">{_snippet(position.get("stance"))}{_jump(f"position-{i}")}</div></div>')
    return _section("Positions", items, "No positions in this document.")


def _claims(record: dict) -> str:
    items = []
    for i, claim in enumerate(record.get("claims") or []):
        kind = claim.get("speaker_type") or "unattributed"
        who = claim.get("speaker") or "unattributed"
        canonical = [c for c in claim.get("speaker_canonical") or [] if c != who]
        also = f' <span class="nc-detail">({_e(", ".join(canonical))})</span>' if canonical else ""
        chips = "".join(f'<span class="nc-chip">{_e(x)}</span>' for x in (kind, claim.get("cue"), "hedged" if claim.get("hedged") else None) if x)
        items.append(f'<div class="nc-item" style="--nc-c:{SPEAKER_COLORS.get(kind, "#8c959f")}"><div><span class="nc-what">{_e(who)}</span>'
                      f'{also}{chips}</div><div class="nc-detail nc-quote">{_snippet(claim.get("text"))}{_jump(f"claim-{i}")}</div></div>')
    return _section("Claims", items, "No claims in this document.")


def _topics(record: dict) -> str:
    items = []
    for i, topic in enumerate(record.get("topics") or []):
        chips = "".join(f'<span class="nc-chip">{_e(x)}</span>' for x in (topic.get("category"), topic.get("method")) if x)
        jump = _jump(f"topic-{i}") if (topic.get("evidence") or {}).get("end") else ""
        items.append(f'<div class="nc-item" style="--nc-c:{TOPIC_COLOR}"><span class="nc-what">{_e(topic.get("label"))}</span>{chips}{jump}</div>')
    return _section("Topics", items, "No topics in this document.")


def _entities(record: dict) -> str:
    """People, countries, places and organisations once each, by canonical name, most mentioned first."""
    counts: Counter = Counter()
    info: dict[tuple[str, str], dict] = {}
    for ent in record.get("entities") or []:
        key = (ent["label"], ent.get("canonical") or ent["text"])
        counts[key] += 1
        info.setdefault(key, ent)
    items = []
    for (label, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1])):
        kb = info[(label, name)].get("kb_id")
        kb_text = f' <span class="nc-detail">{_e(kb)}</span>' if kb else ""
        items.append(f'<li><span class="nc-ent-dot" style="background:{ENTITY_COLORS.get(label, "#ddd")}"></span>'
                     f'{_e(name)} <span class="nc-detail">{_e(label)} × {n}</span>{kb_text}</li>')
    return _section("People, places, organisations", items, "No entities in this document.", wrap='ul class="nc-ents"')


_PANEL = {"events": _events, "positions": _positions, "claims": _claims, "topics": _topics, "entities": _entities}

__all__ = ["DocumentView", "show", "view"]
