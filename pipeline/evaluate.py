"""Scoring predictions against the gold annotations in ``data/gold/``.

Gold files are JSON objects per document (see ``data/gold/README.md``). Entities are
scored as sets of canonical names per label and document, so an entity counts once
however often it is mentioned; names are compared case-insensitively, diacritics kept.

Extractor fields are matched one-to-one per document (greedy, best overlap first):

- topics: labels match when equal, when one contains the other, or when their content
  words overlap by half (Jaccard >= 0.5); ``topics+category`` also needs the category;
- positions: same actor and overlapping stance text (as for topic labels);
  ``positions+category`` also needs the category;
- claims: overlapping claim text (the shorter is >= 60 % covered by the longer's words);
  ``claims+speaker`` also needs the speaker type and the set of canonical speakers;
- events: the same participants; ``events+place`` also needs location and country.

The macro F1 (last line) averages the entity labels and topics, positions, claims, events.
Entity names are compared after mapping a predicted entity whose canonical name or mention
text the gold lists as a spelling of one of its entities (``aliases``) to that entity; the
names in actors, speakers, participants and locations likewise, and a name the gazetteer
knows as one entry is compared in its canonical spelling on both sides. Gold
documents with a ``title`` key also score the headline: title accuracy is the share whose
predicted ``title`` equals the gold one after case, quote, dash and space folding.
"""

from __future__ import annotations

import glob
import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jsonlines

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
    def empty(self) -> bool:
        """No gold and no prediction: the field was not evaluated."""
        return self.tp + self.fp + self.fn == 0

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


def load_gold(path: str | Path, recursive: bool = False) -> dict[str, dict]:
    """Gold documents by doc_id, from a directory of ``*.json`` files (and its
    subdirectories when ``recursive``) or one JSONL file. Each document gets its folder
    relative to ``path`` as ``_folder`` ("." for the top), for :func:`group_by`."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.rglob("*.json") if recursive else path.glob("*.json"))
        items = []
        for file in files:
            item = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(item, dict) and "doc_id" in item:
                item["_folder"] = file.parent.relative_to(path).as_posix()
                items.append(item)
    else:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {item["doc_id"]: item for item in items}


def prediction_files(paths: Iterable[str | Path]) -> list[Path]:
    """Output files: each path as given, or the ``*.jsonl`` / ``*.jsonl.gz`` files of a
    directory (shards included), or the files a glob left unexpanded by the shell matches
    ('out/run-*.jsonl.gz'), in sorted order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.name.endswith((".jsonl", ".jsonl.gz")))
        elif not path.exists() and any(c in str(path) for c in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path)) if Path(p).is_file())
            if not matches:
                raise FileNotFoundError(f"no file matches {str(path)!r}")
            files += matches
        else:
            files.append(path)
    return files


def load_predictions(*paths: str | Path) -> dict[str, AnnotationRecord]:
    """Output records by doc_id from one or more outputs (plain or gzipped JSONL, or
    directories of them; each line validated against the schema)."""
    records: dict[str, AnnotationRecord] = {}
    for path in prediction_files(paths):
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle, jsonlines.Reader(handle) as reader:
            for obj in reader:
                record = AnnotationRecord.model_validate(obj)
                records[record.doc_id] = record
    return records


def group_by(gold: dict[str, dict], key: str) -> dict[str, dict[str, dict]]:
    """Gold documents split by ``key``: "folder" (the subdirectory of the gold directory)
    or any top-level string field of the gold files; documents without it go to "-"."""
    field = "_folder" if key == "folder" else key
    groups: dict[str, dict[str, dict]] = {}
    for doc_id, item in sorted(gold.items()):
        value = item.get(field)
        groups.setdefault(value if isinstance(value, str) else "-", {})[doc_id] = item
    return groups


def _gold_name(name: str, label: str, gazetteer) -> str:
    """A gold name in the gazetteer's spelling when it is an alias of one entry of that
    label ("Sergei Lavrov" -> "Sergey Lavrov"), so spelling conventions do not count."""
    if gazetteer is not None:
        entries = [e for e in gazetteer.lookup(name) if e.label == label]
        if len(entries) == 1:
            return _norm(entries[0].canonical)
    return _norm(name)


def _gold_forms(item: dict) -> dict[str, str]:
    """The gold's own spelling variants: ``"aliases": {"Nasser Judeh": ["Nasser Joda"]}``
    says that a prediction named as the page spells it ("Nasser Joda") is that entity."""
    forms: dict[str, str] = {}
    aliases = item.get("aliases")
    if isinstance(aliases, dict):
        for canonical, variants in aliases.items():
            for variant in variants if isinstance(variants, list) else [variants]:
                if isinstance(variant, str):
                    forms.setdefault(_norm(variant), canonical)
    return forms


def _predicted_name(entity, forms: dict[str, str], label: str | None = None, gazetteer=None) -> str:
    """A predicted entity's name for scoring: its canonical name, or the gold entity whose
    listed spelling is that name or the mention's own text. A gold entity so found is
    spelled as gold names are (:func:`_gold_name`): "Xinhua" listed as a spelling of the
    gold "Xinhua News Agency", whose gazetteer canonical is "Xinhua", scores as that."""
    canonical = _norm(entity.canonical)
    found = forms.get(canonical) or forms.get(_norm(entity.text))
    if found is None:
        return canonical
    return _gold_name(found, label, gazetteer) if label is not None else _norm(found)


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
        forms = _gold_forms(item)
        for key, label in ENTITY_FIELDS.items():
            gold_names = {_gold_name(n, label, gazetteer) for n in item.get(key, [])}
            pred_names = set()
            if record is not None:
                # the gold's own spellings lead to a gold name, which is then spelled as
                # the gold names are (gazetteer canonical): "Xinhua" listed as an alias of
                # "Xinhua News Agency" and that gold name's canonical "Xinhua" agree
                pred_names = {_predicted_name(e, forms, label, gazetteer) for e in record.entities if e.label == label}
            scores[label].add(gold_names, pred_names, doc_id)
    return scores


MACRO_FIELDS = (*ENTITY_FIELDS.values(), "topics", "positions", "claims", "events")
_STOP = frozenset("a an the of and or in on to for with by at from its their his her as is are be".split())


def _words(text: str) -> set[str]:
    return {w for w in (t.strip(".,;:()“”\"'’‘").casefold() for t in text.split()) if w and w not in _STOP}


def text_overlap(a: str, b: str) -> float:
    """Jaccard overlap of content words; when all words of one text are in the other
    ("Cooperative frameworks" in "Cooperative frameworks for stabilizing ..."), at least
    0.5, so label-boundary differences still match but exact matches win."""
    if _norm(a) == _norm(b):
        return 1.0
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    jaccard = len(wa & wb) / len(wa | wb)
    if wa <= wb or wb <= wa:
        return 0.5 + 0.49 * jaccard
    return jaccard


def coverage(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 1.0 if _norm(a) == _norm(b) else 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _match(gold: list, predicted: list, similar) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by similarity (``similar`` returns 0 for no match)."""
    candidates = sorted(
        ((similar(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for score, gi, pi in candidates:
        if score <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _add_matched(score: Score, gold: list, predicted: list, pairs: list[tuple[int, int]], doc_id: str, show) -> None:
    score.tp += len(pairs)
    score.fp += len(predicted) - len(pairs)
    score.fn += len(gold) - len(pairs)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    score.errors += [f"{doc_id}: spurious {show(p)}" for i, p in enumerate(predicted) if i not in matched_p]
    score.errors += [f"{doc_id}: missed {show(g)}" for i, g in enumerate(gold) if i not in matched_g]


def _topic_similarity(g: dict, p, names=None) -> float:
    overlap = text_overlap(g["label"], p.label)
    return overlap if overlap >= 0.5 else 0.0


class _Names:
    """Names in extractor fields (actors, speakers, participants) compared as entities are:
    a spelling the gold lists under ``aliases`` is that entity, and a name the gazetteer
    knows as one entry takes its canonical spelling, on both sides."""

    def __init__(self, gold_doc: dict | None = None, gazetteer=None):
        self.forms = _gold_forms(gold_doc or {})
        self.gazetteer = gazetteer
        self._keys: dict[str, str] = {}

    def key(self, name: str) -> str:
        if name not in self._keys:
            key = _norm(name)
            key = _norm(self.forms.get(key, key))
            if self.gazetteer is not None:
                canonicals = {e.canonical for e in self.gazetteer.lookup(name)}
                if len(canonicals) == 1:
                    key = _norm(self.forms.get(_norm(next(iter(canonicals))), next(iter(canonicals))))
            self._keys[name] = key
        return self._keys[name]

    def keys(self, names) -> set[str]:
        return {self.key(n) for n in names}


_PLAIN_NAMES = _Names()


def _position_similarity(g: dict, p, names: _Names = _PLAIN_NAMES) -> float:
    if names.key(g["actor"]) != names.key(p.actor):
        return 0.0
    overlap = text_overlap(g["stance"], p.stance)
    return overlap if overlap >= 0.5 else 0.0


def _claim_similarity(g: dict, p, names: _Names = _PLAIN_NAMES) -> float:
    covered = coverage(g["text"], p.text)
    return covered if covered >= 0.6 else 0.0


def _event_similarity(g: dict, p, names: _Names = _PLAIN_NAMES) -> float:
    return 1.0 if names.keys(g["participants"]) == names.keys(p.participants) else 0.0


def _same_speakers(g: dict, p, names: _Names = _PLAIN_NAMES) -> bool:
    return g.get("speaker_type") == p.speaker_type and names.keys(g.get("speaker_canonical", [])) == names.keys(p.speaker_canonical)


def _same_place(g: dict, p, names: _Names = _PLAIN_NAMES) -> bool:
    """Same city and country. A gold city whose country the text never names has a null
    country (data/gold/realnews/README.md): the gold does not judge the country then, and
    the gazetteer's country for the right city is not counted wrong."""
    if names.key(g.get("location") or "") != names.key(p.location or ""):
        return False
    if g.get("location") and not g.get("country"):
        return True
    return _norm(g.get("country") or "") == _norm(p.country or "")


def _same_category(g: dict, p, names: _Names = _PLAIN_NAMES) -> bool:
    return g.get("category") == p.category


EXTRACTOR_FIELDS = {
    # field: (gold key, record attribute, similarity, stricter check, how to show an item)
    "topics": ("topics", "topics", _topic_similarity, _same_category,
               lambda t: repr(t["label"] if isinstance(t, dict) else t.label)),
    "positions": ("positions", "positions", _position_similarity, _same_category,
                  lambda t: repr((t["actor"], t["stance"][:60]) if isinstance(t, dict) else (t.actor, t.stance[:60]))),
    "claims": ("claims", "claims", _claim_similarity, _same_speakers,
               lambda t: repr(t["text"][:70] if isinstance(t, dict) else t.text[:70])),
    "events": ("events", "events", _event_similarity, _same_place,
               lambda t: repr(sorted(t["participants"]) if isinstance(t, dict) else sorted(t.participants))),
}
STRICT_SUFFIX = {"topics": "+category", "positions": "+category", "claims": "+speaker", "events": "+place"}


def score_extractors(gold: dict[str, dict], predicted: dict[str, AnnotationRecord], gazetteer=None) -> dict[str, Score]:
    """Scores for topics, positions, claims and events, plain and strict, over documents
    whose gold has that key (names compared as :class:`_Names` says)."""
    scores: dict[str, Score] = {}
    for name, (key, attribute, similar, strict, show) in EXTRACTOR_FIELDS.items():
        plain, strict_score = Score(), Score()
        for doc_id in sorted(gold):
            if key not in gold[doc_id]:
                continue
            gold_items = gold[doc_id][key]
            record = predicted.get(doc_id)
            pred_items = list(getattr(record, attribute)) if record is not None else []
            names = _Names(gold[doc_id], gazetteer)
            pairs = _match(gold_items, pred_items, lambda g, p: similar(g, p, names))
            _add_matched(plain, gold_items, pred_items, pairs, doc_id, show)
            strict_pairs = [(g, p) for g, p in pairs if strict(gold_items[g], pred_items[p], names)]
            _add_matched(strict_score, gold_items, pred_items, strict_pairs, doc_id, show)
        scores[name] = plain
        scores[name + STRICT_SUFFIX[name]] = strict_score
    return scores


def score_all(gold: dict[str, dict], predicted: dict[str, AnnotationRecord], gazetteer=None) -> dict[str, Score]:
    return {**score_entities(gold, predicted, gazetteer=gazetteer), **score_extractors(gold, predicted, gazetteer=gazetteer)}


def macro_f1(scores: dict[str, Score]) -> float:
    """Mean F1 over the main fields present (entity labels, topics, positions, claims, events)."""
    fields = [f for f in MACRO_FIELDS if f in scores and not scores[f].empty]
    return sum(scores[f].f1 for f in fields) / len(fields) if fields else 0.0


@dataclass
class TitleScore:
    """Headline accuracy over the gold documents that have a ``title``."""

    correct: int = 0
    total: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_TITLE_EDGE = re.compile(r"^[\s#*_\"']+|[\s*_\"'.]+$")


def normalize_title(title: str | None) -> str:
    """A headline as compared: NFC, straight quotes and dashes, no markup or trailing
    period, single spaces, case folded.

    >>> normalize_title("  “Merz and Takaichi”  pledge ties. ") == normalize_title('"merz and takaichi" pledge ties')
    True
    """
    if not title:
        return ""
    text = unicodedata.normalize("NFC", title).translate(_QUOTES)
    return _TITLE_EDGE.sub("", " ".join(text.split())).casefold()


def score_titles(gold: dict[str, dict], predicted: dict[str, AnnotationRecord]) -> TitleScore:
    score = TitleScore()
    for doc_id, item in sorted(gold.items()):
        if "title" not in item:
            continue
        record = predicted.get(doc_id)
        got = record.title if record is not None else None
        score.total += 1
        if normalize_title(got) == normalize_title(item["title"]) and normalize_title(got):
            score.correct += 1
        else:
            score.errors.append(f"{doc_id}\tgold {item['title']!r}\tgot {got!r}")
    return score


def format_report(scores: dict[str, Score], titles: TitleScore | None = None) -> str:
    lines = [f"{'field':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in scores.items():
        if s.empty:
            lines.append(f"{name:<20}{'n/a':>7}{'n/a':>7}{'n/a':>7}{0:6d}{0:6d}{0:6d}")
        else:
            lines.append(f"{name:<20}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    if titles is not None and titles.total:
        lines.append(f"title accuracy {titles.accuracy:.3f} ({titles.correct}/{titles.total})")
    lines.append(f"macro F1 {macro_f1(scores):.3f}")
    return "\n".join(lines)
