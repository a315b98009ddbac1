"""Wikidata extracts: people with labels, aliases and dated positions, for the gazetteer.

``scripts/build_gazetteer.py --wikidata FILE`` reads an extract a user made with internet
access (README: "Growing the people inventory" has the SPARQL query); nothing here goes
online. Two formats are read:

- JSON lines, one person per line::

    {"qid": "Q...", "labels": {"en": "Hakan Fidan", "tr": "Hakan Fidan"},
     "aliases": {"en": ["Fidan"], "ru": ["Хакан Фидан"]}, "country": "Q43",
     "positions": [{"qid": "Q...", "label": "Minister of Foreign Affairs of Turkey",
                    "start": "2023-06-03", "end": null, "country": "Q43"}]}

- the JSON result of the README's SPARQL query (``application/sparql-results+json``):
  one row per person, position and name; rows are grouped by person.

Dates are ISO days ("2023-06-03"); Wikidata's "+2023-06-03T00:00:00Z" is cut to that.
A line or row that cannot be read is an :class:`ExtractError` naming the file and line:
the extract is a build input, and a silently skipped person is a wrong knowledge base.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_QID = re.compile(r"^Q[1-9][0-9]*$")
_DAY = re.compile(r"^\+?(\d{4}-\d{2}-\d{2})")


class ExtractError(ValueError):
    """A Wikidata extract that cannot be read (the message names the file and line)."""


@dataclass
class Position:
    """One position held: its label ("Minister of Foreign Affairs of Turkey"), dates, country QID."""

    label: str
    start: str | None = None
    end: str | None = None
    country: str | None = None
    qid: str | None = None


@dataclass
class ExtractPerson:
    qid: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None
    positions: list[Position] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        """The English label, else the first label."""
        return self.labels.get("en") or next(iter(self.labels.values()), None)

    def names(self) -> list[str]:
        """Every label and alias, English first, without repeats."""
        ordered = [self.labels.get("en"), *self.aliases.get("en", [])]
        for lang, label in self.labels.items():
            ordered += [label, *self.aliases.get(lang, [])]
        for lang, aliases in self.aliases.items():
            ordered += aliases
        return list(dict.fromkeys(n.strip() for n in ordered if n and n.strip()))


def day(value: Any) -> str | None:
    """"+2014-08-28T00:00:00Z" / "2014-08-28" -> "2014-08-28"; None or "" -> None."""
    if value in (None, ""):
        return None
    match = _DAY.match(str(value))
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    return match.group(1)


def _qid(value: Any) -> str | None:
    """"Q43" or "http://www.wikidata.org/entity/Q43" -> "Q43"."""
    if value in (None, ""):
        return None
    qid = str(value).rsplit("/", 1)[-1]
    if not _QID.match(qid):
        raise ValueError(f"not a Wikidata id: {value!r}")
    return qid


def read_extract(path: str | Path) -> list[ExtractPerson]:
    """The people of one extract file (JSON lines or a SPARQL JSON result), in file order."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{") and '"head"' in text[:200] and '"results"' in text:
        try:
            return _from_sparql(json.loads(text), path)
        except json.JSONDecodeError as exc:
            raise ExtractError(f"{path}: not a SPARQL JSON result: {exc}") from None
    people = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            people.append(_from_object(json.loads(line)))
        except (json.JSONDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ExtractError(f"{path}:{number}: {type(exc).__name__}: {exc}") from None
    return people


def _from_object(obj: dict) -> ExtractPerson:
    if not isinstance(obj, dict):
        raise TypeError(f"expected a JSON object, got {type(obj).__name__}")
    labels = {str(k): str(v) for k, v in (obj.get("labels") or {}).items() if v}
    aliases = {str(k): [str(a) for a in v] for k, v in (obj.get("aliases") or {}).items() if v}
    if not labels:
        raise KeyError("labels")
    positions = [
        Position(label=str(p["label"]), start=day(p.get("start")), end=day(p.get("end")),
                 country=_qid(p.get("country")), qid=_qid(p.get("qid")))
        for p in obj.get("positions") or []
    ]
    qid = _qid(obj["qid"])
    if qid is None:
        raise KeyError("qid")
    return ExtractPerson(qid, labels, aliases, _qid(obj.get("country")), positions)


def _value(row: dict, name: str) -> tuple[str | None, str | None]:
    cell = row.get(name)
    if not cell:
        return None, None
    return cell.get("value"), cell.get("xml:lang")


def _from_sparql(data: dict, path: Path) -> list[ExtractPerson]:
    """Rows of ?person ?name (with its language) ?position ?positionLabel ?start ?end ?country."""
    people: dict[str, ExtractPerson] = {}
    seen_positions: dict[str, set] = {}
    for number, row in enumerate(data.get("results", {}).get("bindings", []), 1):
        try:
            qid = _qid(_value(row, "person")[0])
            if qid is None:
                raise KeyError("person")
            person = people.setdefault(qid, ExtractPerson(qid))
            name, lang = _value(row, "name")
            if name:
                lang = lang or "en"
                if lang not in person.labels:
                    person.labels[lang] = name
                elif name != person.labels[lang] and name not in person.aliases.setdefault(lang, []):
                    person.aliases[lang].append(name)
            country = _qid(_value(row, "country")[0])
            person.country = person.country or country
            label = _value(row, "positionLabel")[0]
            if label:
                position = Position(label, day(_value(row, "start")[0]), day(_value(row, "end")[0]), country,
                                    _qid(_value(row, "position")[0]))
                key = (position.label, position.start, position.end)
                if key not in seen_positions.setdefault(qid, set()):
                    seen_positions[qid].add(key)
                    person.positions.append(position)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ExtractError(f"{path}: result row {number}: {type(exc).__name__}: {exc}") from None
    unnamed = [q for q, p in people.items() if not p.labels]
    if unnamed:
        raise ExtractError(f"{path}: people without a name (ask for ?name in the query): {', '.join(unnamed[:5])}")
    return list(people.values())
