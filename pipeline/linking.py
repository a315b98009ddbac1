"""Entity linking: canonical names, knowledge-base ids, countries, roles and actors.

The ``newsclaims_linker`` component runs after ``newsclaims_entities`` and fills, for
each entity with a newsclaims label:

- ``Span.kb_id_`` and ``span._.newsclaims_canonical`` / ``_country`` / ``_role`` from the
  gazetteer entry chosen by the resolver;
- for names the gazetteer does not know, the fullest form of the same name seen in the
  document ("Sadyrov" -> "Nurlan Sadyrov") and ``kb_id`` None;
- a surname alone ("Putin", "Erdoğan’s") links to the full name of the same person;
- a title just before a person ("Turkish President Recep Tayyip Erdoğan", "Governor
  Nurlan Sadyrov") gives the role and, through the demonym, the country.

``doc._.newsclaims_actors`` then lists each distinct linked entity once, with its
mention count.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .doccache import ENTS_FINAL
from .entities import TARGET_LABELS, appositive_title, load_entity_types, load_name_heads
from .gazetteer import Gazetteer, GazetteerEntry, office_key
from .paths import read_json
from .setting import find_dateline


def _register_extensions() -> None:
    for name in ("newsclaims_canonical", "newsclaims_country", "newsclaims_role"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in ("newsclaims_actors", "newsclaims_date", "newsclaims_office_holders"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


#: name suffixes kept when middle names are dropped ("Marcos Jr.")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_CAMEL_PART = re.compile(r"[A-Z][a-z]+")


class Titles:
    """Job titles that introduce a person ("President", "Foreign Minister"), most words
    first, with their lower-case forms computed once (they are tested on every name)."""

    def __init__(self, names: tuple[str, ...], forms_of_address: frozenset[str] = frozenset()):
        self.names = names
        self.forms_of_address = forms_of_address  # "Mrs.", "Dr": a title, but no role
        self._lowered = tuple(t.lower() for t in names)
        self._prefixes = tuple(t + " " for t in self._lowered)

    def forms(self, text: str) -> list[str]:
        """The name with its titles dropped one at a time: "His Majesty King Abdullah II"
        -> ["His Majesty King Abdullah II", "King Abdullah II", "Abdullah II"]."""
        out = [text]
        while True:
            shorter = self.strip(out[-1], once=True)
            if shorter == out[-1] or not shorter:
                return out
            out.append(shorter)

    def strip(self, text: str, once: bool = False) -> str:
        """Drop a trailing possessive and a leading title: "President Sadyrov’s" -> "Sadyrov"."""
        for suffix in _POSSESSIVES:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                break
        for _ in range(1 if once else 3):  # stacked titles: "His Majesty King Mswati III"
            lowered = text.lower()
            if not lowered.startswith(self._prefixes):  # one C call; the loop below finds which
                break
            for title, prefix in zip(self.names, self._prefixes):
                if lowered.startswith(prefix):
                    text = text[len(title) + 1 :]
                    break
        return text.strip()

    def ending(self, text: str) -> str | None:
        """The title ``text`` ends with (case-insensitively), if any."""
        lowered = text.lower()
        if not (text.endswith(self.names) or lowered.endswith(self._lowered)):
            return None
        for title, low in zip(self.names, self._lowered):
            if text.endswith(title) or lowered.endswith(low):
                return title
        return None


_POSSESSIVES = ("’s", "'s", "’", "'")
NO_TITLES = Titles(())


_register_extensions()  # at import: the annotator sets newsclaims_date before the pipeline runs


@lru_cache(maxsize=None)
def load_titles(path: str | None = None) -> Titles:
    """The titles of ``models/linking/titles.json`` (or ``path``)."""
    data = read_json(path, "linking", "titles.json")
    titles = data["titles"]
    return Titles(tuple(sorted(set(titles), key=lambda t: (-len(t.split()), t))),
                  frozenset(data.get("forms_of_address", [])))


class Linker:
    """Fill canonical names, ids, countries and roles; collect ``doc._.newsclaims_actors``."""

    def __init__(self, nlp: Language, name: str, gazetteer_path: str | None, titles_path: str | None):
        self.name = name
        self.gazetteer = Gazetteer.from_path(gazetteer_path)
        self.titles = load_titles(titles_path)
        self.title_words = load_name_heads()[1]
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        all_ents = list(doc.ents)
        ents = [e for e in all_ents if e.label_ in TARGET_LABELS]
        day = doc._.newsclaims_date
        known_people = self._link_known(ents, day)
        renamed = self._link_unknown(doc, ents, known_people, all_ents, day)
        renamed.update(self._name_national_bodies(doc, ents, all_ents))
        if renamed:
            all_ents = [renamed.get((e.start, e.end), e) for e in all_ents]
            ents = [renamed.get((e.start, e.end), e) for e in ents]
            doc.set_ents(all_ents)
        doc._.newsclaims_actors = self._actors(doc, ents)
        doc._.newsclaims_office_holders = self._office_holders(doc, all_ents, day)
        doc.user_data[ENTS_FINAL] = True
        return doc

    def _link_known(self, ents: list[Span], day: str | None) -> dict[str, GazetteerEntry]:
        """Gazetteer-backed entities; returns the people linked, by every name token form."""
        people: dict[str, GazetteerEntry] = {}
        for ent in ents:
            entry = self.gazetteer.get(ent.kb_id_, label=ent.label_) if ent.kb_id_ else None
            if entry is None:
                # The resolver already refused ambiguous surnames ("Xi" alone); do not undo that.
                text = next((f for f in self.titles.forms(ent.text) if self.gazetteer.lookup(f)), ent.text)
                candidates = [
                    e for e in self.gazetteer.lookup(text)
                    if e.label == ent.label_ and not (e.ambiguous_surname and text in e.surnames)
                ]
                if not candidates and ent.label_ == "PERSON":
                    candidates = (self._without_middle_names(self.titles.strip(ent.text))
                                  or self._hashtag_name(ent.text))
                entry = candidates[0] if len(candidates) == 1 else None
            if entry is None:
                continue
            _apply(ent, entry, day)
            if entry.label == "PERSON":
                for form in (*entry.surnames, *entry.aliases):
                    people[form] = entry
        return people

    def _hashtag_name(self, text: str) -> list[GazetteerEntry]:
        """A name written as a hashtag or handle in an embedded post ("#SheikhHasina",
        "#NarendraModi"): its capitalised parts, when they spell one known person."""
        parts = _CAMEL_PART.findall(text)
        if " " in text or len(parts) < 2 or "".join(parts) != text:
            return []
        found = [e for e in self.gazetteer.lookup(" ".join(parts)) if e.label == "PERSON"]
        return found if len(found) == 1 else []

    def _without_middle_names(self, name: str) -> list[GazetteerEntry]:
        """A known person written with a middle initial or middle name the gazetteer does not
        list ("Ferdinand R. Marcos Jr.", "Mark Joseph Carney"): the name without it, when that
        is one person. Names joined by particles ("bin", "al-") are left alone: their middle
        parts are other people's names."""
        words = name.split()
        if len(words) < 3 or any(w[:1].islower() for w in words):
            return []
        suffix = words[-1] if words[-1].rstrip(".").lower() in _NAME_SUFFIXES else None
        core = words[:-1] if suffix else words
        shorter = [w for w in core if not (len(w.rstrip(".")) == 1 and w[:1].isupper())]
        forms = [shorter] if len(shorter) < len(core) else []
        if len(core) >= 3:
            forms.append([core[0], core[-1]])
            forms.append(core[1:])  # a leading given name the gazetteer leaves out: "Muhammad Shehbaz Sharif"
        for form in forms:
            if len(form) < 2:
                continue
            found = [e for e in self.gazetteer.lookup(" ".join(form + ([suffix] if suffix else []))) if e.label == "PERSON"]
            if len(found) == 1:
                return found
        return []

    def _link_unknown(self, doc: Doc, ents: list[Span], known_people: dict[str, GazetteerEntry], all_ents: list[Span],
                      day: str | None) -> dict[tuple[int, int], Span]:
        """Names the gazetteer did not match: a surname or a shorter form of a linked
        person takes that person's entry (returned by token bounds, with its id: the doc's
        entities are set again with them); other names their fullest form in the document."""
        relinked: dict[tuple[int, int], Span] = {}
        people = [e for e in ents if e.label_ == "PERSON"]
        people_names = [self.titles.strip(e.text) for e in people]
        linked_by_name = {n: self.gazetteer.get(e.kb_id_, label="PERSON") for n, e in zip(people_names, people) if e.kb_id_}
        linked_by_name = {n: entry for n, entry in linked_by_name.items() if entry is not None}
        for ent in ents:
            if ent._.newsclaims_canonical is not None:
                continue
            name = self.titles.strip(ent.text)
            if ent.label_ == "PERSON":
                # A bare surname links to the person of that surname; a different full
                # name ("Heydar Aliyev" beside "Ilham Aliyev") stays a person of its own.
                entry = known_people.get(name) if name else None
                if entry is not None:
                    if ent.kb_id_ != entry.id:
                        ent = relinked[(ent.start, ent.end)] = Span(doc, ent.start, ent.end, label=ent.label_, kb_id=entry.id)
                    _apply(ent, entry, day)
                    continue
                name = _fullest_person_form(name, people_names)
                linked = linked_by_name.get(name)
                if linked is not None:  # "Crown Prince Mohammed" after "Mohammed bin Salman bin Abdulaziz Al Saud"
                    ent = relinked[(ent.start, ent.end)] = Span(doc, ent.start, ent.end, label=ent.label_, kb_id=linked.id)
                    _apply(ent, linked, day)
                    continue
            else:
                name = _fullest_form(ent, ents)
            ent._.newsclaims_canonical = name or ent.text
        for ent in people:
            role, country = self._title_before(doc, ent, all_ents)
            if role is None or role in self.titles.forms_of_address:
                # "Mrs. Amina Dube, the outgoing envoy of Zambia": the apposition says the job
                after = self._title_after(ent, all_ents)
                if after[0] is not None or role is None:
                    role, country = after
            ent = relinked.get((ent.start, ent.end), ent)
            if role and ent._.newsclaims_role is None:
                ent._.newsclaims_role = role
            if country and ent._.newsclaims_country is None:
                ent._.newsclaims_country = country
        return relinked

    def _name_national_bodies(self, doc: Doc, ents: list[Span], all_ents: list[Span]) -> dict[tuple[int, int], Span]:
        """"Pakistan's Foreign Office", "the Turkish Defence Ministry" -> "Ministry of Foreign
        Affairs (Pakistan)", "Ministry of Defence (Turkey)": a ministry every government has is
        named after the country the text gives it (``models/linking/government_bodies.json``),
        so one country's ministry is one organisation across articles and another country's
        is not the same one. The country: a country or demonym in or next to the mention,
        else the dateline's. A gazetteer organisation ("Foreign Office": the British one)
        keeps its entry unless the text gives it another country; then it loses its id,
        and the renamed entities are returned by their token bounds (the doc's entities
        are set again with them)."""
        bodies = load_government_bodies()
        found = []
        for ent in ents:
            body = _body_name(ent, bodies) if ent.label_ == "ORG" else None
            if body is not None:
                found.append((ent, body[0], body[1] or _country_next_to(doc, ent, all_ents)))
        # "The Foreign Ministry added ..." after "Turkey's Foreign Ministry": the same one
        named: dict[str, set[str]] = {}
        for _, name, country in found:
            if country:
                named.setdefault(name, set()).add(country)
        dateline_country: str | None | bool = False  # found on first need
        renamed: dict[tuple[int, int], Span] = {}
        for ent, name, country in found:
            if country is None and len(named.get(name, ())) == 1:
                country = next(iter(named[name]))
            if country is None:
                if dateline_country is False:
                    dateline_country = _dateline_country(doc)
                country = dateline_country or None
            if country is None or (ent.kb_id_ and country == ent._.newsclaims_country):
                continue
            if ent.kb_id_:
                role = ent._.newsclaims_role
                ent = Span(doc, ent.start, ent.end, label=ent.label_)
                ent._.newsclaims_role = role
                renamed[(ent.start, ent.end)] = ent
            ent._.newsclaims_canonical = f"{name} ({country})"
            ent._.newsclaims_country = country
        return renamed

    def _title_before(self, doc: Doc, ent: Span, all_ents: list[Span]) -> tuple[str | None, str | None]:
        """"Turkish President Recep Tayyip Erdoğan" -> ("President", "Turkey"); also a title in
        apposition before a name that the apposition closes: "Rwanda's foreign minister,
        Olivier Nduhungirehe, said" -> ("Foreign Minister", "Rwanda")."""
        end = ent.start
        apposition = end > ent.sent.start and doc[end - 1].text == "," and (ent.end == ent.sent.end or doc[ent.end].text in ",.;")
        if apposition:
            end -= 1
        window = doc[max(end - 6, ent.sent.start) : end]
        title = self.titles.ending(window.text)
        if title is None and apposition:
            title, window = self._title_of_body(doc, end, ent.sent.start)
        if title is None:
            return None, None
        before = doc.char_span(window.start_char, window.end_char - len(title), alignment_mode="contract")
        outer = self.titles.ending(before.text) if before is not None and not apposition else None
        if outer is not None:
            title = outer  # "Foreign Minister Dr Hasan Mahmud": the office, not the form of address
        country = None
        if before is not None:
            for prior in all_ents:
                if prior.end <= ent.start and prior.start >= window.start and prior.label_ in ("NORP", "COUNTRY"):
                    country = prior._.newsclaims_country
        return title, country

    def _title_of_body(self, doc: Doc, end: int, sent_start: int) -> tuple[str | None, Span]:
        """"The chairperson of the African Union Commission, X" -> "chairperson of the African
        Union Commission": a title, "of" and a name (capitalised words) right before the comma."""
        window = doc[max(end - 10, sent_start) : end]
        words = [t.lower_ for t in window]
        if "of" not in words:
            return None, window
        of = len(words) - 1 - words[::-1].index("of")
        body = window[of + 1 :]
        if not body or not all(t.text[:1].isupper() or t.lower_ == "the" for t in body):
            return None, window
        title = self.titles.ending(window[:of].text)
        if title is None:
            return None, window
        start = of - len(title.split())
        return window[start:].text, window

    def _title_after(self, ent: Span, all_ents: list[Span]) -> tuple[str | None, str | None]:
        """"Moussa Faki Mahamat, the AU commission chairperson," -> ("AU commission chairperson",
        None); "Hakan Fidan, Turkey's foreign minister," -> ("Turkey's foreign minister", "Turkey")."""
        phrase = appositive_title(ent, self.title_words)
        if phrase is None:
            return None, None
        country = next((e._.newsclaims_country for e in all_ents
                        if e.start >= phrase.start and e.end <= phrase.end and e.label_ in ("NORP", "COUNTRY")), None)
        return phrase.text, country

    def _office_holders(self, doc: Doc, all_ents: list[Span], day: str | None) -> dict[int, GazetteerEntry]:
        """Office nouns that name one person on the article's day, by the index of their last
        word: "the Turkish foreign minister", "Kenya's president", "the foreign minister of
        Rwanda" -> the holder in the gazetteer's dated roles (claims read it for speakers)."""
        holders: dict[int, GazetteerEntry] = {}
        if not self.gazetteer.has_offices:
            return holders
        for ent in all_ents:
            if ent.label_ not in ("NORP", "COUNTRY") or not ent._.newsclaims_country:
                continue
            country = ent._.newsclaims_country
            sent_end = ent.sent.end
            after = doc[ent.end : min(ent.end + 5, sent_end)]  # "Turkish foreign minister", "Kenya's president"
            after_phrases = [(doc[ent.start : ent.end + stop], ent.end + stop - 1) for stop in range(len(after), 0, -1)
                             if doc[ent.end + stop - 1].pos_ in ("NOUN", "PROPN")]
            self._add_holder(holders, after_phrases, country, day)
            of = ent.start - 1  # "the foreign minister of Rwanda"
            if of > ent.sent.start + 1 and doc[of].lower_ == "of":
                of_phrases = [(doc[of - width : ent.end], of - 1) for width in range(4, 0, -1) if of - width >= ent.sent.start]
                self._add_holder(holders, of_phrases, country, day)
        return holders

    def _add_holder(self, holders: dict[int, GazetteerEntry], phrases: list[tuple[Span, int]], country: str, day: str | None) -> None:
        """The longest of ``phrases`` that names an office decides; its holder that day, if one, is kept at its head."""
        for words, head in phrases:
            key = office_key(words.text)
            if key is not None:
                holder = self.gazetteer.office_holder(key, country, day)
                if holder is not None:
                    holders[head] = holder
                return

    def _actors(self, doc: Doc, ents: list[Span]) -> list[dict]:
        """One actor per distinct (label, kb_id or canonical), in order of first mention."""
        counts: Counter = Counter()
        first: dict[tuple, Span] = {}
        roles: dict[tuple, str] = {}
        for ent in ents:
            key = (ent.label_, ent.kb_id_ or ent._.newsclaims_canonical)
            counts[key] += 1
            first.setdefault(key, ent)
            if ent._.newsclaims_role and key not in roles:
                roles[key] = ent._.newsclaims_role
        actors = []
        for key, ent in first.items():
            actors.append(
                {
                    "canonical": ent._.newsclaims_canonical,
                    "kb_id": ent.kb_id_ or None,
                    "label": ent.label_,
                    "role": roles.get(key),
                    "country": ent._.newsclaims_country,
                    "mentions": counts[key],
                }
            )
        return actors


def _apply(ent: Span, entry: GazetteerEntry, day: str | None) -> None:
    ent.kb_id_ = entry.id
    ent._.newsclaims_canonical = entry.canonical
    ent._.newsclaims_country = entry.country
    role = entry.role_on(day)
    if role:
        ent._.newsclaims_role = role


def _fullest_person_form(name: str, people_names: list[str]) -> str:
    """The longest PERSON mention in the document (title dropped) that ends with the same
    surname and contains every word of ``name`` ("Sadyrov" -> "Nurlan Sadyrov"). Failing
    that, the one longer mention that holds ``name`` as a run of whole words, for double
    surnames and trailing particles ("Lacalle" -> "Luis Lacalle Pou"); none when two
    different people would fit."""
    words = name.split()
    if not words:
        return name
    best = name
    inside: set[str] = set()
    for candidate in people_names:
        parts = candidate.split()
        if len(candidate) <= len(name) or not parts:
            continue
        if _names_a_parent(parts, words):
            continue  # "Abdullah bin Abdulaziz" inside "Abdulaziz bin Abdullah bin Abdulaziz": the father
        if parts[-1] == words[-1] and all(w in parts for w in words):
            if len(candidate) > len(best):
                best = candidate
        elif _holds_run(parts, words):
            inside.add(candidate)
    if best == name and inside:
        longest = max(inside, key=len)
        if all(_holds_run(longest.split(), other.split()) for other in inside):
            best = longest
    return best


def _names_a_parent(parts: list[str], words: list[str]) -> bool:
    """``words`` is the patronymic part of ``parts``: what precedes it there ends in "bin"
    ("Turki bin | Abdullah bin Mohammed"), so it names the father, not the same person
    (``patronymic_particles`` of ``models/entities/entity_types.json``)."""
    particles = load_entity_types()["patronymic_particles"]
    n = len(words)
    return any(parts[i : i + n] == words and parts[i - 1].lower() in particles for i in range(1, len(parts) - n + 1))


def _holds_run(parts: list[str], words: list[str]) -> bool:
    n = len(words)
    return any(parts[i : i + n] == words for i in range(len(parts) - n + 1))


def _fullest_form(ent: Span, ents: list[Span]) -> str:
    """For places and organisations: the longest same-label mention that contains this one."""
    name = NO_TITLES.strip(ent.text)
    if name.startswith("the "):
        name = name[4:]
    best = name
    if ent.label_ == "ORG" and name.isupper() and 2 <= len(name) <= 8 and name.isalpha():
        spelled = [o.text for o in ents if o.label_ == "ORG" and o.text != name and _initials(o.text) == name]
        if len(set(spelled)) == 1:
            return spelled[0]  # "MINA" beside "Mi’raj Islamic News Agency"
    for other in ents:
        if other.label_ == ent.label_ and other.kb_id_ == "" and name in other.text and len(other.text) > len(best):
            if other.text.endswith(name):
                best = other.text[4:] if other.text.startswith("the ") else other.text
    return best


@lru_cache(maxsize=None)
def load_government_bodies(path: str | None = None) -> dict[str, str]:
    """Lower-case spelling -> standard name (``models/linking/government_bodies.json``)."""
    data = read_json(path, "linking", "government_bodies.json")["bodies"]
    return {spelling: standard for standard, spellings in data.items() for spelling in (standard.lower(), *spellings)}


def _body_name(ent: Span, bodies: dict[str, str]) -> tuple[str, str | None] | None:
    """(the name to give, the country named inside the mention) when ``ent`` is a
    ministry every government has: "Turkish Foreign Ministry" -> ("Ministry of Foreign
    Affairs", "Turkey"); "Ministry of External Affairs" keeps its official words."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    country = None
    while tokens and tokens[0].ent_type_ in ("NORP", "COUNTRY") or tokens and _is_possessive(tokens[0]):
        if tokens[0].ent_type_:
            country = country or _country_of_token(tokens[0])
        tokens = tokens[1:]
    words = "".join(t.text_with_ws for t in tokens).strip()
    standard = bodies.get(words.lower())
    if standard is None:
        return None
    official = words if words[:1].isupper() and words.lower().startswith(("ministry of", "ministry for", "office of", "prime minister")) else standard
    return official, country


def _is_possessive(token) -> bool:
    return token.lower_ in ("'s", "’s")


def _country_of_token(token) -> str | None:
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return None if ent is None else ent._.newsclaims_country or (ent._.newsclaims_canonical if ent.label_ == "COUNTRY" else None)


def _country_next_to(doc: Doc, ent: Span, all_ents: list[Span]) -> str | None:
    """The country of a COUNTRY or demonym right before (with "the" or a possessive between)
    or after "of": "Pakistan's | Foreign Office", "the Ministry of Foreign Affairs | of Japan"."""
    before = ent.start
    while before > 0 and (doc[before - 1].lower_ == "the" or _is_possessive(doc[before - 1])):
        before -= 1
    after = ent.end + 1 if ent.end < len(doc) and doc[ent.end].lower_ == "of" else None
    for other in all_ents:
        if other.label_ not in ("COUNTRY", "NORP"):
            continue
        if other.end == before or (after is not None and other.start == after):
            return other._.newsclaims_country or (other._.newsclaims_canonical if other.label_ == "COUNTRY" else None)
    return None


def _dateline_country(doc: Doc) -> str | None:
    dateline = find_dateline(doc)
    if dateline is None:
        return None
    countries = {p._.newsclaims_country for p in dateline.places if p._.newsclaims_country}
    return countries.pop() if len(countries) == 1 else None


_INITIAL_SKIP = frozenset("of the and for on in de la du des".split())


def _initials(name: str) -> str:
    """"Mi’raj Islamic News Agency" -> "MINA"; "Bank of Japan" -> "BJ"."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _INITIAL_SKIP]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


@Language.factory(
    "newsclaims_linker",
    default_config={"gazetteer_path": None, "titles_path": None},
)
def make_linker(nlp: Language, name: str, gazetteer_path: str | None, titles_path: str | None) -> Linker:
    return Linker(nlp, name, gazetteer_path, titles_path)
