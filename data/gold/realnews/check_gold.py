"""Consistency check for the real-news gold (not a scorer): every entity (or an alias the
file lists for it), topic label, stance, claim text, speaker, occasion and time occurs
verbatim in the article; keys, categories, flags, speaker types and cross-references are valid.

    python3 data/gold/realnews/check_gold.py            # both parts
    python3 data/gold/realnews/check_gold.py dev        # one part
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ["doc_id", "people", "countries", "places", "organizations", "norp", "not_entities",
        "flags", "notes", "topics", "positions", "claims", "events"]
ENTITY_KEYS = ["people", "countries", "places", "organizations", "norp"]
CATEGORIES = {"security", "defense", "energy", "economy", "humanitarian", "culture",
              "diplomacy", "technology", "environment", "health", None}
FLAGS = {"mojibake", "llm_chat_artifact", "duplicate_content", "truncated", "code_fence"}
SPEAKER_TYPES = {"person", "group", "organization", "country", "unattributed"}


def problems_of(gold: dict, text: str) -> list[str]:
    out: list[str] = []
    keys = [k for k in gold if k != "aliases"]
    if keys != KEYS:
        out.append(f"keys {keys}")
    aliases = gold.get("aliases", {})
    for key in KEYS[1:8]:
        if len(set(gold[key])) != len(gold[key]):
            out.append(f"duplicate in {key}")
    if not set(gold["flags"]) <= FLAGS:
        out.append("unknown flag")
    for key in ENTITY_KEYS:
        for name in gold[key]:
            if not any(form in text for form in [name, *aliases.get(name, [])]):
                out.append(f"{key}: {name!r} not in text (add an alias?)")
    out += [f"not_entity {s!r} not in text" for s in gold["not_entities"] if s not in text]
    people_countries = set(gold["people"]) | set(gold["countries"])
    speakers = people_countries | set(gold["organizations"])
    labels = [t["label"].casefold() for t in gold["topics"]]
    if len(set(labels)) != len(labels):
        out.append("duplicate topic label")
    for t in gold["topics"]:
        if t["label"] not in text:
            out.append(f"topic {t['label']!r} not in text")
        if t["category"] not in CATEGORIES:
            out.append(f"category {t['category']!r}")
    for p in gold["positions"]:
        if p["stance"] not in text:
            out.append(f"stance {p['stance']!r} not in text")
        if p["actor"] not in people_countries | set(gold["organizations"]):
            out.append(f"actor {p['actor']!r} is not a listed person, country or organisation")
        if p["category"] not in CATEGORIES:
            out.append(f"category {p['category']!r}")
    for c in gold["claims"]:
        if c["text"] not in text:
            out.append(f"claim {c['text'][:60]!r} not in text")
        if c["speaker"] is not None and c["speaker"] not in text:
            out.append(f"speaker {c['speaker']!r} not in text")
        out += [f"speaker_canonical {s!r} not listed" for s in c["speaker_canonical"] if s not in speakers]
        if c["speaker_type"] not in SPEAKER_TYPES:
            out.append(f"speaker_type {c['speaker_type']!r}")
        if not isinstance(c["hedged"], bool) or not c.get("cue"):
            out.append(f"claim {c['text'][:40]!r}: cue and hedged needed")
    for e in gold["events"]:
        out += [f"participant {p!r} not in people" for p in e["participants"] if p not in gold["people"]]
        if len(e["participants"]) < 2:
            out.append("event with fewer than 2 participants")
        if e["location"] and e["location"] not in gold["places"]:
            out.append(f"location {e['location']!r} not in places")
        if e["country"] is not None and e["country"] not in gold["countries"]:
            out.append(f"event country {e['country']!r} not in countries")
        out += [f"{k} {e[k]!r} not in text" for k in ("occasion", "time") if e[k] is not None and e[k] not in text]
    return out


def check(part: str) -> tuple[int, dict[str, int]]:
    bad, totals = 0, {}
    for path in sorted((HERE / part).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = HERE / part / "texts" / gold["doc_id"]
        if not text_path.exists() or text_path.stem != path.stem:
            print(f"{part}/{path.name}: no text {gold['doc_id']!r}")
            bad += 1
            continue
        for problem in problems_of(gold, text_path.read_text(encoding="utf-8")):
            print(f"{part}/{path.name}: {problem}")
            bad += 1
        for key in KEYS[1:8] + KEYS[9:]:
            totals[key] = totals.get(key, 0) + len(gold[key])
        totals["documents"] = totals.get("documents", 0) + 1
    return bad, totals


def main(argv: list[str]) -> int:
    bad = 0
    for part in argv or ["dev", "heldout"]:
        n, totals = check(part)
        bad += n
        print(part, totals)
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
