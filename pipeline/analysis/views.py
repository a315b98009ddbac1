"""One document in a notebook or a standalone HTML page (displaCy markup).

:func:`show` renders a record: the cleaned text with its entities (displaCy ``ent``
style), the blocks that hold claims or topic evidence with those spans underlined
(displaCy ``span`` style), and the positions, claims, topics and events as tables.
Everything is built from the record alone (``manual=True``): no spaCy model or
tokenizer is loaded (the span view's tokens are the whitespace-separated words).
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

from .frames import find_record

ENTITY_COLORS = {"PERSON": "#c5b8ff", "COUNTRY": "#fed48a", "PLACE": "#a9dcdc", "ORG": "#9ff0e7", "NORP": "#e2b8fd"}
SPEAKER_COLORS = {"person": "#2a9d8f", "group": "#8ab17d", "organization": "#e9c46a", "country": "#9b5de5",
                  "unattributed": "#adb5bd"}
TOPIC_COLOR = "#f4a261"
FLAG_COLOR = "#e45756"
SECTIONS = ("entities", "spans", "positions", "claims", "topics", "events")

# An entity mark with a tooltip (canonical name, id, country) instead of displaCy's kb link.
_ENT_TEMPLATE = """<mark class="entity" title="{tooltip}" style="background: {bg}; padding: 0.3em 0.45em; margin: 0 0.15em; line-height: 1; border-radius: 0.35em;">{text}<span style="font-size: 0.68em; font-weight: bold; line-height: 1; border-radius: 0.35em; vertical-align: middle; margin-left: 0.4rem">{label}</span></mark>"""

_CSS = """
.nc-view { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; font-size: 15px; line-height: 1.5; }
.nc-view h1 { font-size: 1.45em; margin: 0 0 0.3em; }
.nc-view h2 { font-size: 1.1em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #d0d7de; }
.nc-view .nc-meta { color: #57606a; font-size: 0.88em; margin: 0.2em 0; }
.nc-view .nc-meta code { background: #f6f8fa; padding: 0.05em 0.3em; border-radius: 4px; }
.nc-view .nc-badge { display: inline-block; padding: 0.1em 0.55em; margin: 0 0.3em 0.2em 0; border-radius: 1em; font-size: 0.8em; font-weight: 600; color: #fff; }
.nc-view .nc-legend { font-size: 0.82em; color: #57606a; margin: 0.2em 0 0.6em; }
.nc-view .nc-legend .nc-swatch { display: inline-block; padding: 0 0.45em; margin: 0 0.5em 0.25em 0; border-radius: 0.3em; color: #1f2328; }
.nc-view .nc-block { margin: 0.1em 0 0.7em; }
.nc-view .nc-b-title .entities, .nc-view .nc-b-heading .entities { font-weight: 700; font-size: 1.05em; }
.nc-view .nc-b-table .entities { font-size: 0.88em; color: #333; }
.nc-view .nc-block-id { font-size: 0.75em; color: #8c959f; }
.nc-view .entities { line-height: 2.2 !important; }
.nc-view .spans { line-height: 2.5 !important; margin-bottom: 0.15em; }
.nc-view table.nc-table { border-collapse: collapse; width: 100%; font-size: 0.86em; margin: 0.3em 0 0.8em; }
.nc-view table.nc-table th { text-align: left; background: #f6f8fa; border-bottom: 2px solid #d0d7de; padding: 0.35em 0.5em; white-space: nowrap; }
.nc-view table.nc-table td { border-bottom: 1px solid #eaeef2; padding: 0.35em 0.5em; vertical-align: top; text-align: left; }
.nc-view table.nc-table td.nc-evidence { color: #57606a; font-style: italic; }
.nc-view .nc-empty { color: #8c959f; font-style: italic; }
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
            f"<style>body {{ margin: 0; padding: 2rem 1.5rem; background: #fff; }}\n"
            f".nc-view {{ max-width: 1080px; margin: 0 auto; }}\n{_CSS}</style>\n"
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

    ``sections``: which parts to render, in order, from ``entities`` (the text with
    entities), ``spans`` (blocks with claims and topic evidence underlined),
    ``positions``, ``claims``, ``topics``, ``events`` (tables).
    """
    record = _as_dict(annotation)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"[analysis.E006] unknown section(s) {sorted(unknown)}; choose from {list(SECTIONS)}.")
    title = record.get("title") or record.get("doc_id") or "document"
    parts = ['<div class="nc-view">', _header(record)]
    if record.get("status", "ok") != "ok":
        error = record.get("error") or {}
        parts.append(f'<p class="nc-error">Error record: <b>{_e(error.get("type"))}</b> {_e(error.get("message"))}</p></div>')
        return DocumentView("\n".join(parts), str(title))
    render = {"entities": _entities, "spans": _spans, "positions": _positions, "claims": _claims,
              "topics": _topics, "events": _events}
    for name in sections:
        parts.append(render[name](record))
    parts.append("</div>")
    return DocumentView("\n".join(parts), str(title))


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


# --- parts ----------------------------------------------------------------------------------


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _header(record: dict) -> str:
    source = record.get("source") or {}
    where = [f"<code>{_e(record.get('doc_id'))}</code>"]
    if source.get("path"):
        where.append(_e(source["path"]) + (f":{source['line']}" if source.get("line") else ""))
    if source.get("url"):
        url = _e(source["url"])
        where.append(f'<a href="{url}">{url}</a>')
    if source.get("date"):
        where.append(_e(source["date"]))
    flags = (record.get("cleaning") or {}).get("flags") or []
    badges = "".join(f'<span class="nc-badge" style="background:{FLAG_COLOR}">{_e(flag)}</span>' for flag in flags)
    counts = ", ".join(f"{len(record.get(k) or [])} {k}" for k in ("entities", "actors", "topics", "positions", "claims", "events"))
    lines = [f"<h1>{_e(record.get('title') or record.get('doc_id'))}</h1>",
             f'<p class="nc-meta">{" · ".join(where)}</p>',
             f'<p class="nc-meta">{counts}</p>']
    if badges:
        lines.append(f'<p class="nc-meta">cleaning flags: {badges}</p>')
    return "\n".join(lines)


def _legend(items: dict[str, str]) -> str:
    swatches = "".join(f'<span class="nc-swatch" style="background:{color}">{_e(label)}</span>' for label, color in items.items())
    return f'<div class="nc-legend">{swatches}</div>'


def _entities(record: dict) -> str:
    """The cleaned text block by block (headings bold, tables smaller), entities marked by displaCy."""
    from spacy import displacy

    text = record.get("text") or ""
    entities = sorted(record.get("entities") or [], key=lambda e: (e["start"], -e["end"]))
    blocks = record.get("blocks") or [{"id": None, "kind": "text", "start": 0, "end": len(text)}]
    options = {"colors": ENTITY_COLORS, "template": _ENT_TEMPLATE}
    rendered = []
    for block in blocks:
        b_start, b_end = block["start"], block["end"]
        ents, last_end = [], b_start
        for ent in entities:
            if ent["start"] < last_end or ent["start"] >= b_end or ent["end"] > b_end:
                continue  # displaCy's ent style cannot nest (valid output never overlaps)
            tooltip = " · ".join(str(x) for x in (ent.get("canonical"), ent.get("kb_id"), ent.get("country")) if x)
            ents.append({"start": ent["start"] - b_start, "end": ent["end"] - b_start, "label": ent["label"],
                         "params": {"tooltip": _e(tooltip)}})
            last_end = ent["end"]
        markup = displacy.render({"text": text[b_start:b_end], "ents": ents, "title": None}, style="ent",
                                 manual=True, jupyter=False, options=options)
        rendered.append(f'<div class="nc-block nc-b-{_e(block.get("kind"))}">{markup}</div>')
    labels = sorted({e["label"] for e in entities})
    legend = _legend({label: ENTITY_COLORS.get(label, "#ddd") for label in labels})
    return f"<h2>Entities</h2>\n{legend}\n" + "\n".join(rendered)


# displaCy's span start with a label that does not wrap inside a short first token.
_SPAN_START_TEMPLATE = """<span style="background: {bg}; top: {top_offset}px; height: 4px; border-top-left-radius: 3px; border-bottom-left-radius: 3px; left: -1px; width: calc(100% + 2px); position: absolute;"><span style="background: {bg}; z-index: 10; color: #fff; top: -0.5em; padding: 2px 4px; position: absolute; font-size: 0.62em; font-weight: bold; line-height: 1; border-radius: 3px; white-space: nowrap;">{label}{kb_link}</span></span>"""

_WORD = re.compile(r"\S+")


def _span_marks(record: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, label, colour) for every claim (label: speaker and type) and topic evidence."""
    marks = []
    for claim in record.get("claims") or []:
        speaker_type = claim.get("speaker_type") or "unattributed"
        label = f"{claim['speaker']} ({speaker_type})" if claim.get("speaker") else speaker_type
        marks.append((claim["start"], claim["end"], label, SPEAKER_COLORS.get(speaker_type, "#adb5bd")))
    for topic in record.get("topics") or []:
        evidence = topic.get("evidence") or {}
        label = f"topic: {topic.get('category') or topic.get('label')}"
        marks.append((evidence.get("start", 0), evidence.get("end", 0), label, TOPIC_COLOR))
    return marks


def _spans(record: dict) -> str:
    """Each block that holds a claim or topic evidence, line by line, with those spans as displaCy spans.

    Tokens are the whitespace-separated words of the line (displaCy's span view puts a
    space after every token, so finer tokens would print "cross - border"); a span
    covers every word it overlaps.
    """
    from spacy import displacy
    from spacy.displacy.templates import TPL_SPAN, TPL_SPAN_SLICE

    text = record.get("text") or ""
    marks = _span_marks(record)
    if not marks:
        return '<h2>Claims and topics</h2>\n<p class="nc-empty">No claims or topics in this document.</p>'
    options = {"colors": {label.upper(): color for _, _, label, color in marks},
               "template": {"span": TPL_SPAN, "slice": TPL_SPAN_SLICE, "start": _SPAN_START_TEMPLATE}}
    blocks = record.get("blocks") or [{"id": None, "kind": "text", "start": 0, "end": len(text)}]
    rendered = []
    for block in blocks:
        b_start, b_end = block["start"], block["end"]
        if not any(s < b_end and e > b_start for s, e, _, _ in marks):
            continue
        lines = []
        offset = b_start
        for line in text[b_start:b_end].split("\n"):
            words = [(offset + m.start(), offset + m.end()) for m in _WORD.finditer(line)]
            offset += len(line) + 1
            if not words:
                continue
            starts, ends = [w[0] for w in words], [w[1] for w in words]
            spans = []
            for s, e, label, _ in marks:
                first, last = bisect_right(ends, s), bisect_left(starts, e)  # words overlapping [s, e)
                if first < last:
                    spans.append({"start_token": first, "end_token": last, "label": label})
            tokens = [text[a:b] for a, b in words]
            lines.append(displacy.render({"text": line, "tokens": tokens, "spans": spans}, style="span",
                                         manual=True, jupyter=False, options=options))
        rendered.append(f'<div class="nc-block nc-b-{_e(block.get("kind"))}"><span class="nc-block-id">'
                        f'block {_e(block.get("id"))} · {_e(block.get("kind"))}</span>{"".join(lines)}</div>')
    legend = _legend({f"claim by {kind}": color for kind, color in SPEAKER_COLORS.items()} | {"topic evidence": TOPIC_COLOR})
    return "<h2>Claims and topics</h2>\n" + legend + "\n" + "\n".join(rendered)


def _table(headers: list[str], rows: list[list[str]], empty: str, evidence_column: int | None = None) -> str:
    if not rows:
        return f'<p class="nc-empty">{_e(empty)}</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="nc-evidence">{cell}</td>' if i == evidence_column else f"<td>{cell}</td>" for i, cell in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="nc-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _evidence(record: dict, evidence: dict | None, limit: int = 220) -> str:
    if not evidence:
        return ""
    snippet = " ".join((record.get("text") or "")[evidence.get("start", 0):evidence.get("end", 0)].split())
    if len(snippet) > limit:
        snippet = snippet[: limit - 1].rstrip() + "…"
    return _e(snippet)


def _positions(record: dict) -> str:
    rows = [[f"<b>{_e(p.get('actor'))}</b>", _e(p.get("category")), _e(p.get("topic")), _e(p.get("stance")),
             _e(p.get("method")), _e((p.get("evidence") or {}).get("rule"))]
            for p in record.get("positions") or []]
    return "<h2>Positions</h2>\n" + _table(["actor", "category", "topic", "stance", "method", "rule"], rows,
                                           "No positions in this document.")


def _claims(record: dict) -> str:
    rows = [[_e(c.get("speaker")), _e(", ".join(c.get("speaker_canonical") or [])), _e(c.get("speaker_type")),
             _e(c.get("cue")), "yes" if c.get("hedged") else "", _e(c.get("text"))]
            for c in record.get("claims") or []]
    return "<h2>Claims</h2>\n" + _table(["speaker", "canonical", "type", "cue", "hedged", "claim"], rows,
                                        "No claims in this document.")


def _topics(record: dict) -> str:
    rows = [[_e(t.get("label")), _e(t.get("category")), _e(t.get("method")), _evidence(record, t.get("evidence"))]
            for t in record.get("topics") or []]
    return "<h2>Topics</h2>\n" + _table(["label", "category", "method", "evidence"], rows,
                                        "No topics in this document.", evidence_column=3)


def _events(record: dict) -> str:
    rows = [[_e(v.get("type")), _e(", ".join(v.get("participants") or [])), _e(v.get("location")), _e(v.get("country")),
             _e(v.get("time")), _e(v.get("occasion")), _evidence(record, v.get("evidence"))]
            for v in record.get("events") or []]
    return "<h2>Events</h2>\n" + _table(["type", "participants", "location", "country", "time", "occasion", "evidence"],
                                        rows, "No events in this document.", evidence_column=6)


__all__ = ["DocumentView", "show", "view"]
