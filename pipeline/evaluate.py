"""Scoring predictions against the gold annotations in ``data/gold/``.

Gold files are JSON objects per document (see ``data/gold/README.md``). Entities are
scored as sets of canonical names per label and document, so an entity counts once
however often it is mentioned; names are compared case-insensitively, diacritics kept.
"""

from __future__ import annotations

import json

import jsonlines
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .schema import AnnotationRecord

# gold key -> output entity label
ENTITY_FIELDS = {
    "people": "PERSON",
    "countries": "COUNTRY",
    "places": "PLACE",
    "organizations": "ORG",
    "norp": "NORP",
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[str], predicted: set[str], doc_id: str) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        self.errors += [f"{doc_id}: spurious {p!r}" for p in sorted(predicted - gold)]
        self.errors += [f"{doc_id}: missed {g!r}" for g in sorted(gold - predicted)]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def load_gold(path: str | Path) -> dict[str, dict]:
    """Gold documents by doc_id, from a directory of ``*.json`` files or one JSONL file."""
    path = Path(path)
    if path.is_dir():
        items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    else:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {item["doc_id"]: item for item in items}


def load_predictions(path: str | Path) -> dict[str, AnnotationRecord]:
    """Output records by doc_id (each line validated against the schema)."""
    with jsonlines.open(path) as reader:
        return {r.doc_id: r for r in (AnnotationRecord.model_validate(obj) for obj in reader)}


def _gold_name(name: str, label: str, gazetteer) -> str:
    """A gold name in the gazetteer's spelling when it is an alias of one entry of that
    label ("Sergei Lavrov" -> "Sergey Lavrov"), so spelling conventions do not count."""
    if gazetteer is not None:
        entries = [e for e in gazetteer.lookup(name) if e.label == label]
        if len(entries) == 1:
            return _norm(entries[0].canonical)
    return _norm(name)


def score_entities(
    gold: dict[str, dict],
    predicted: dict[str, AnnotationRecord],
    doc_ids: Iterable[str] | None = None,
    gazetteer=None,
) -> dict[str, Score]:
    """Per-label set scores over the documents that have gold."""
    scores = {label: Score() for label in ENTITY_FIELDS.values()}
    for doc_id in doc_ids or sorted(gold):
        item = gold[doc_id]
        record = predicted.get(doc_id)
        for key, label in ENTITY_FIELDS.items():
            gold_names = {_gold_name(n, label, gazetteer) for n in item.get(key, [])}
            pred_names = set()
            if record is not None:
                pred_names = {_norm(e.canonical) for e in record.entities if e.label == label}
            scores[label].add(gold_names, pred_names, doc_id)
    return scores


def macro_f1(scores: dict[str, Score]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def format_report(scores: dict[str, Score]) -> str:
    lines = [f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in scores.items():
        lines.append(f"{name:<16}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    lines.append(f"macro F1 {macro_f1(scores):.3f}")
    return "\n".join(lines)
