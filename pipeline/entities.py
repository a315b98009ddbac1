"""Entity resolution: statistical NER and the gazetteer, merged into newsclaims labels.

The ``newsclaims_entities`` component runs after spaCy's ``ner``. It

1. finds every gazetteer alias in the text (a case-sensitive ``PhraseMatcher``),
2. maps the model's labels to ours (GPE -> COUNTRY or PLACE, LOC/FAC -> PLACE),
3. settles overlaps between the two (the gazetteer wins on headings, table cells and
   crossing spans; a longer statistical PERSON/ORG name wins over a country or demonym
   inside it: "Michael Jordan", "Turkish Airlines"),
4. drops what the small model gets wrong on title-case text: entities in headings, table
   cells and list-item openings that the gazetteer does not know and that are common-noun
   phrases ("Agenda Item", "Humanitarian Aid", "Enhanced Surveillance"), and any entity
   that spans a table border,
5. settles what a model-only name is from its words and context
   (``models/entities/entity_types.json``): diseases, exams, holidays, products, legal cases, wars
   and crises are no entities; company and geographic head words give ORG and PLACE; job
   titles are not organisations; titled or coordinated people stay people,
6. tags nothing in a byline block (the reporters go to ``source.authors``).

Chosen gazetteer entries are written to ``Span.kb_id_`` (the linker refines them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .doccache import doc_text, tokens_with_lower, tokens_with_text
from .setting import closing_tags, find_dateline
from .gazetteer import Gazetteer, GazetteerEntry
from .paths import read_json

TARGET_LABELS = ("PERSON", "COUNTRY", "PLACE", "ORG", "NORP")
_TITLE_CASE_CONTEXTS = ("heading", "title", "table")
_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with".split())


def _register_extensions() -> None:
    if not Span.has_extension("newsclaims_source"):
        # Where an entity came from: "gazetteer", "model" or "model+gazetteer".
        Span.set_extension("newsclaims_source", default=None)


class EntityResolver:
    """Merge statistical entities with gazetteer matches; see the module docstring."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        gazetteer_path: str | None,
        label_map: dict[str, str],
        drop_common_noun_phrases: bool = True,
        not_names_path: str | None = None,
        place_cues_path: str | None = None,
    ):
        self.name = name
        self.label_map = dict(label_map)
        self.drop_common_noun_phrases = drop_common_noun_phrases
        self.gazetteer = Gazetteer.from_path(gazetteer_path)
        self.not_names = load_not_names(not_names_path)
        self.event_heads, self.title_words = load_name_heads(not_names_path)
        self.place_cues = load_place_cues(place_cues_path)
        self.acronyms = load_acronyms()
        self.entity_types = load_entity_types()
        from .linking import load_government_bodies, load_titles  # linking imports this module

        self.titles = load_titles()
        # "Mr", "Dr.", "Hon.": lower case without the dot, as the word before a name is compared
        self._forms_of_address = frozenset(t.lower().rstrip(".") for t in self.titles.forms_of_address)
        self._titled_people: set[str] = set()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._add_patterns(nlp, self.gazetteer.aliases())
        # "the Prime Minister's Office", "the Foreign Ministry": bodies every government has,
        # which the linker names after their country (models/linking/government_bodies.json).
        # Matched on the tokens' lower-case strings, not with a PhraseMatcher: its pattern
        # docs would add words to the vocabulary here, before the pipeline's lookup tables
        # are restored (the model would read those words differently), or, built later,
        # inside a memory zone that frees them.
        self._body_words = _body_word_sequences(s for s in load_government_bodies() if " " in s)
        _register_extensions()

    def _add_patterns(self, nlp: Language, aliases: Iterable[tuple[str, GazetteerEntry]]) -> None:
        """One matcher rule per distinct alias; ``nlp.make_doc`` tokenises like the pipeline."""
        seen: set[str] = set()
        for alias, _entry in aliases:
            if alias in seen:
                continue
            seen.add(alias)
            self.matcher.add(alias, [nlp.make_doc(alias)])

    # -- main -------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        context = _BlockContext(doc)
        gazetteer_spans = self._gazetteer_spans(doc, context)
        misread = {(e.start, e.end) for e in context.ents if self._misread_person(e)}
        model_spans = [s for s in (self._relabel(self._without_honorific(e)) for e in context.ents) if s is not None]
        model_spans = [s for s in (self._type_by_words(e) for e in model_spans) if s is not None]
        model_spans += [s for s in (self._relabel(Span(doc, a, b, label="PERSON")) for a, b in sorted(misread)) if s is not None]
        other_spans = [e for e in context.ents if e.label_ not in self.label_map and e.label_ not in TARGET_LABELS
                       and (e.start, e.end) not in misread]
        self._model_ents = context.ents
        self._titled_people = self._titled_names(context.ents)
        kept = self._merge(doc, model_spans, gazetteer_spans, context)
        kept = self._with_patronymics(kept)
        kept = self._with_given_names(_joined_adjacent_people(kept))
        kept = self._with_venue_heads(kept)
        taken = _TokenCover(doc, kept)
        dateline = find_dateline(doc)
        dateline_city = self._dateline_city(doc, dateline)
        if dateline_city is not None and not taken.overlaps(dateline_city):
            kept.append(dateline_city)
            taken.add(dateline_city)
        for tag in self._agency_tags(doc, dateline):
            # the tag replaces what the model saw inside it ("(Jiji Press)": "Jiji" PERSON)
            outside = [s for s in kept if not (s.start >= tag.start and s.end <= tag.end)]
            if len(outside) != len(kept):
                kept, taken = outside, _TokenCover(doc, outside)
            if not taken.overlaps(tag):
                kept.append(tag)
                taken.add(tag)
        for name in self._names_after_titles(doc, kept, taken, context):
            kept.append(name)
            taken.add(name)
        final = filter_spans(kept + [s for s in other_spans if not taken.overlaps(s)])
        surnames = _repeated_surnames(doc, final, context)
        if surnames:
            starts = {s.start for s in surnames}
            final = [e for e in final if not (len(e) == 1 and e.start in starts)]
        final = self._with_given_names(_joined_adjacent_people(final + surnames))
        final = _name_parts_as_people(final)
        final = _with_hyphenated_tails(final)
        final = _with_name_phrases(final, self.entity_types.get("institution_heads", frozenset()))
        final += self._untagged_bodies(doc, final)
        final = _without_bracketed_name_parts(final)
        doc.set_ents(sorted(final, key=lambda s: s.start))
        return doc

    def _untagged_bodies(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Government bodies the model left untagged, written as names ("posted by the Prime
        Minister's Office"): organisations, for the linker to name after their country.
        Lower-case mentions ("the foreign ministry") are left alone."""
        taken = _TokenCover(doc, ents)
        found = []
        for start, end in _word_sequence_matches(doc, self._body_words):
            span = Span(doc, start, end, label="ORG")
            words = [t for t in span if t.is_alpha and t.lower_ not in _CUT_OFF_WORDS]
            if taken.overlaps(span) or not words or not all(t.is_title or t.is_upper for t in words):
                continue
            span._.newsclaims_source = "model"
            found.append(span)
            taken.add(span)
        return found

    def _inside_longer_patronymic(self, doc: Doc, start: int, end: int) -> bool:
        """A known person's alias inside a longer Arabic-style name is another person:
        "bin Salman" in "Prince Bandar bin Salman bin Mohammed", "King Abdullah" before
        "bin Abdulaziz" (Jordan's king is "Abdullah II", no patronymic)."""
        return (self._given_name_before(doc, start) or self._after_a_particle(doc, start)
                or _patronymic_end(doc, end, self.entity_types["name_particles"]) > end)

    def _after_a_particle(self, doc: Doc, start: int) -> bool:
        """A name right after "bin" is a father's or grandfather's ("Mohammed bin | Salman
        bin Abdulaziz Al Saud" is the crown prince, not King Salman)."""
        return start >= 2 and doc[start - 1].lower_ in self.entity_types["patronymic_particles"] and doc[start - 2].is_title

    def _given_name_before(self, doc: Doc, start: int) -> bool:
        """A name that starts with a particle has its given name right before it ("Turki |
        bin Abdullah"), unless that word is a title ("Prince | bin ...")."""
        token = doc[start]
        if token.lower_ not in self.entity_types["name_particles"] or not token.is_lower or start == 0:
            return False
        before = doc[start - 1]
        titles = self.entity_types["titles_before_names"]
        if before.lower_ in titles and start >= 2 and doc[start - 2].lower_ in titles:
            return before.is_title  # "Prince Sultan | bin Saad": a title word after a title is the name
        return before.is_title and before.is_alpha and before.lower_ not in titles

    def _with_venue_heads(self, spans: list[Span]) -> list[Span]:
        """A model name followed by a capitalised place head is a venue: "the Çankaya |
        Palace" -> PLACE "Çankaya Palace", "Basman Royal | Palace"; a place followed by a
        feature noun in either case is that feature: "the Rafah crossing", "Gaza Strip"."""
        heads = self.entity_types["place_heads"]
        features = self.entity_types.get("feature_heads", frozenset())
        changed = False
        out = []
        starts = {s.start for s in spans}
        covered = {i for s in spans for i in range(s.start, s.end)}
        for span in spans:
            doc = span.doc
            end = span.end
            while end < len(doc) and doc[end].is_title and doc[end].lower_ in heads and end not in starts:
                end += 1
            if (end == span.end and end < len(doc) and doc[end].lower_ in features and end not in starts
                    and (end + 1 == len(doc) or doc[end + 1].pos_ not in ("NOUN", "PROPN"))
                    and (span.label_ == "PLACE" or span._.newsclaims_source == "model")):
                end += 1  # "the Rafah crossing", "the Zohr field" (not "a Gaza field hospital")
            if end > span.end and (span.label_ == "PLACE" or (span._.newsclaims_source == "model" and span.label_ in ("ORG", "PERSON"))):
                start = span.start
                while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and start - 1 not in covered:
                    start -= 1  # "the Lotte | New York | Palace Hotel"
                label = "ORG" if span.label_ == "ORG" and doc[end - 1].lower_ in self.entity_types["seat_heads"] else "PLACE"
                venue = Span(doc, start, end, label=label)  # a venue, not the town it is named after
                venue._.newsclaims_source = "model"
                span, changed = venue, True
            out.append(span)
        return filter_spans(out) if changed else spans

    def _with_patronymics(self, spans: list[Span]) -> list[Span]:
        """Model PERSON names run on over name particles: the model often stops at "bin"
        ("Faisal | bin Abdullah bin Mohammed Al-Saud"). The longer name replaces the pieces."""
        extended = []
        for span in spans:
            if span.label_ == "PERSON" and span._.newsclaims_source == "model":
                doc = span.doc
                end = _patronymic_end(doc, span.end, self.entity_types["name_particles"])
                start = span.start - self._given_name_before(doc, span.start)  # the model left out "Turki"
                if end > span.end or start < span.start:
                    longer = Span(doc, start, end, label="PERSON")
                    longer._.newsclaims_source = "model"
                    span = longer
            extended.append(span)
        if all(a is b for a, b in zip(extended, spans)):
            return spans
        return filter_spans(extended)

    def _with_given_names(self, spans: list[Span]) -> list[Span]:
        """A linked surname right after an unlinked model PERSON whose words are all given
        names of that person is one name: "Brice Clotaire | Oligui" -> "Brice Clotaire
        Oligui", linked to Brice Oligui Nguema. Any other model name before a surname stays
        apart (a second person, "President Ruto | Kagame" never occurs without a comma)."""
        out: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            last = out[-1] if out else None
            if (last is not None and last.end == span.start and last.label_ == span.label_ == "PERSON"
                    and not last.kb_id_ and span.kb_id_ and last._.newsclaims_source == "model"
                    and last.sent.start == span.sent.start
                    and set(t.text for t in last) <= self._given_names(span.kb_id_)):
                joined = Span(span.doc, last.start, span.end, label="PERSON", kb_id=span.kb_id_)
                joined._.newsclaims_source = "model+gazetteer"
                out[-1] = joined
                continue
            out.append(span)
        return out if len(out) != len(spans) else spans

    @lru_cache(maxsize=4096)
    def _given_names(self, kb_id: str) -> frozenset[str]:
        """The words of a person's names that are not surnames ("Brice", "Clotaire")."""
        entry = self.gazetteer.get(kb_id, label="PERSON")
        if entry is None:
            return frozenset()
        surname_words = {w for s in entry.surnames for w in s.split()}
        return frozenset(w for name in entry.aliases for w in name.split() if w not in surname_words)

    def _names_after_titles(self, doc: Doc, kept: list[Span], taken: "_TokenCover", context: "_BlockContext") -> list[Span]:
        """Names the model missed right after a job title, where a run of capitalised words
        confuses it: "the High Commissioner of Bangladesh Syed Muazzem Ali, came" -> PERSON
        "Syed Muazzem Ali". Two to four capitalised words after the title (or after "of"
        and the entity of its office), none of them known to the gazetteer as something
        else, ending where the capitals end; never in headings, titles or tables."""
        found = []
        ends = {e.start: e for e in kept}
        for i in tokens_with_lower(doc, self.title_words):
            token = doc[i]
            if context.kind_at(i) in _TITLE_CASE_CONTEXTS:
                continue
            start = token.i + 1
            while start < len(doc) and doc[start].lower_ in _TITLE_TAILS:  # "Secretary General", "Secretary-General"
                start += 1
            if start + 1 < len(doc) and doc[start].lower_ == "of":  # "... of [the] Bangladesh Syed Muazzem Ali"
                office_start = start + 2 if doc[start + 1].lower_ == "the" else start + 1
                office = ends.get(office_start) or ends.get(start + 1)
                if office is None or office.label_ not in ("COUNTRY", "ORG", "NORP", "PLACE"):
                    continue
                start = office.end
            end = start
            while end < len(doc) and end - start < 5 and doc[end].is_alpha and doc[end].is_title and not doc[end].is_upper \
                    and doc[end].lower_ not in self.title_words and doc[end].sent.start == token.sent.start:
                end += 1
            if end - start >= 1:
                end = _patronymic_end(doc, end, self.entity_types["name_particles"])  # "Muqrin bin Abdulaziz"
            if not 2 <= end - start <= 8 or (end < len(doc) and doc[end].is_title):
                continue
            span = Span(doc, start, end, label="PERSON")
            if taken.overlaps(span) or doc[start].is_sent_start or span.text in self.not_names:
                continue
            if any(e.label != "PERSON" for w in (span.text, *(t.text for t in span)) for e in self.gazetteer.lookup(w)):
                continue
            found.append(span)
        return found

    def _relabel(self, ent: Span) -> Span | None:
        """Our label for a model entity, trimmed of a leading determiner and a trailing
        possessive ("The European Union" -> "European Union", "Macron’s" -> "Macron")."""
        label = self.label_map.get(ent.label_, ent.label_ if ent.label_ in TARGET_LABELS else None)
        if label is None:
            return None
        doc = ent.doc
        start, end = _outside_brackets(ent)
        first = start
        tokens = [doc[i] for i in range(start, end)]
        while start < end and (tokens[start - first].lower_ in ("the", "a", "an") or tokens[start - first].is_punct
                               or _is_possessive(tokens[start - first])):
            start += 1
        while end > start and (_is_possessive(tokens[end - 1 - first]) or tokens[end - 1 - first].is_punct
                               or tokens[end - 1 - first].is_space):
            end -= 1
        if start == end:
            return None
        text = ent.text if (start, end) == (ent.start, ent.end) else doc[start:end].text
        if text in self.not_names:
            return None
        if label == "PERSON":
            if self._only_title(text) or _definite_title_word(doc, start, end):
                return None  # "Datuk Seri", "First Lady", "the Amir said": a title without its name
            start = self._title_inside(doc, start, end)
            start = self._name_words_after_title(doc, start)
            while end - start > 2 and doc[start].tag_ == "NNPS" and start > 0 and doc[start - 1].lower_ in ("and", "of", "for", "&"):
                start += 1  # "Minister of Foreign Affairs and [Expatriates] Ayman Al-Safadi": the title's last word
            post_nominals = self.entity_types.get("post_nominals", frozenset())
            while end - start > 1 and doc[end - 1].is_upper and doc[end - 1].lower_ in post_nominals:
                end -= 1  # "Lateef Fagbemi SAN"
        return Span(doc, start, end, label=label)

    def _name_words_after_title(self, doc: Doc, start: int) -> int:
        """Where a model PERSON starts when it missed the first words of the name between a
        title and itself: "Minister Datuk Seri [Tengku Zafrul Tengku] Abdul Aziz"."""
        k = start
        while (k > 0 and k > start - 4 and doc[k - 1].is_title and doc[k - 1].is_alpha and doc[k - 1].pos_ == "PROPN"
               and doc[k - 1].ent_type_ in ("", "PERSON") and not self._only_title(doc[k - 1].text)):
            k -= 1
        for p in range(k, start):  # the first word after a whole title ("Datuk Seri", not "Datuk")
            if (p > 0 and self.titles.ending(doc[max(0, p - 3) : p].text) is not None
                    and self.titles.ending(doc[max(0, p - 3) : p + 1].text) is None):
                return p
        return start

    def _only_title(self, text: str) -> bool:
        return self.titles.strip(text + " X") == "X"

    def _title_inside(self, doc: Doc, start: int, end: int) -> int:
        """Where a model PERSON starts when it took in the words before a title: "[Chief
        of General] Intelligence Prince Muqrin" -> "Prince Muqrin" (the title is stripped
        from the canonical name later). Only one-word titles written capitalised, with
        name words after them."""
        for i in range(end - 2, start, -1):
            token = doc[i]
            if token.is_title and token.lower_ in self.entity_types["titles_before_names"] and doc[i + 1].is_title:
                return i
        return start

    def _titled_names(self, ents: list[Span]) -> set[str]:
        """Texts of model PERSON names that some mention gives a title or an honorific
        ("Mr Hun Sen", "Senate president Hun Sen"): that name is a person everywhere."""
        names = set()
        for ent in ents:
            if ent.label_ == "PERSON" and ent.start > 0:
                before = ent.doc[ent.start - 1].lower_.rstrip(".")
                if before in self.title_words or before in self._forms_of_address:
                    names.add(ent.text)
        return names

    def _name_after_title(self, ent: Span) -> Span | None:
        """The PERSON after a title the model took into an ORG: "PM Modi" -> "Modi"; None
        when what follows the title has an organisation word ("President Hotel")."""
        rest = self.titles.strip(ent.text)
        if not rest or rest == ent.text:
            return None
        start = ent.end_char - len(rest)
        span = ent.doc.char_span(start, ent.end_char, label="PERSON")
        if span is None or len(span) > 4:
            return None
        words = [t.lower_ for t in span]
        types = self.entity_types
        if not self._reads_as_a_name(span, words) or any(w in types["place_heads"] or w in types["event_heads_capitalised"] for w in words):
            return None  # "King Khalid International Airport" is a place named after a king
        return span

    def _titled_name(self, ent: Span, words: list[str]) -> bool:
        """A model ORG that is a person's name after a job title: "spokesperson Mao Ning"."""
        types = self.entity_types
        doc = ent.doc
        if ent.start == 0 or not 2 <= len(ent) <= 3 or doc[ent.start - 1].lower_ not in self.title_words:
            return False
        if ent.end < len(doc) and (doc[ent.end].lower_ in self.title_words or doc[ent.end].is_title):
            return False  # "Chief Cabinet Secretary": part of a longer title
        return self._reads_as_a_name(ent, words)

    def _name_with_appositive_title(self, ent: Span, words: list[str]) -> bool:
        """A model ORG that is a person's name with a job in apposition:
        "Moussa Faki Mahamat, the AU commission chairperson, said"."""
        if not 2 <= len(ent) <= 4 or appositive_title(ent, self.title_words) is None:
            return False
        return self._reads_as_a_name(ent, words)

    def _misread_person(self, ent: Span) -> bool:
        """A name the model took for a title of a work, a product or an event because a
        quotation stands before it: "“...,” Raveesh Kumar, the spokesperson of the External
        Affairs Ministry, wrote" (a job in apposition, or "who" after it, says it is a person)."""
        if ent.label_ not in _MISREAD_PERSON_LABELS:
            return False
        words = [t.lower_ for t in ent]
        return self._name_with_appositive_title(ent, words) or self._name_before_who(ent, words)

    def _name_before_who(self, ent: Span, words: list[str]) -> bool:
        """A model ORG that a relative "who" follows is a person: "Gustavo Villatoro, who
        holds the same portfolio"."""
        doc = ent.doc
        if not 2 <= len(ent) <= 4 or ent.end + 1 >= len(doc):
            return False
        return doc[ent.end].text == "," and doc[ent.end + 1].lower_ == "who" and self._reads_as_a_name(ent, words)

    def _reads_as_a_name(self, ent: Span, words: list[str]) -> bool:
        """Capitalised words (not all caps) with no word of an organisation's name."""
        types = self.entity_types
        if any(w in types["org_heads"] or w in types["org_heads_for_person"] or w in types["org_first_words"] for w in words):
            return False
        return all(t.text[:1].isupper() and t.is_alpha and not t.is_upper for t in ent)

    def _type_by_words(self, ent: Span) -> Span | None:
        """What the words of a model entity say it is (``models/entities/entity_types.json``):
        a disease, an exam, a product, a legal case, a war or crisis is no entity ("measles",
        "GRE", "its iPhones", "Roe v. Wade", "Great Recession"); a name ending in a company
        or party word is an ORG ("Kenya Airways", "NNPC Limited"); one ending in a
        geographic word is a PLACE ("Senkaku Islands", "Okinawa Prefecture"); an ORG that
        is a job title is dropped ("US Trade Representative")."""
        types = self.entity_types
        lower = ent.text.lower()
        if lower == ent.text or ent[-1].lower_ in _CUT_OFF_WORDS and ent[-1].is_lower:
            return None  # "eurosceptic": no name is all lower case; "Bay of", "Kingdom of": a cut-off name
        not_entities = (types["diseases"], types["exams"], types.get("holidays", frozenset()))
        if any(lower in words for words in not_entities) or _is_product(ent) or _in_legal_case(ent):
            return None
        if _SCORE_RE.search(ent.text):
            return None  # "Thailand 1-0": a team and a score; the gazetteer's country stays
        if lower in types["platforms"]:
            if _after_medium_word(ent, types["medium_prepositions"]):
                return None  # "wrote on his WhatsApp channel": the medium, a product
            return ent if ent.label_ == "ORG" else Span(ent.doc, ent.start, ent.end, label="ORG")
        if ent.label_ in ("PERSON", "PLACE") and _names_an_outlet(ent, types):
            return Span(ent.doc, ent.start, ent.end, label="ORG")  # "a reporter for Hurriyet"
        if ent.label_ in ("ORG", "PLACE") and _after_an_occupation(ent, types):
            return Span(ent.doc, ent.start, ent.end, label="PERSON")  # "singer-songwriter Lionel Richie"
        if ent.label_ == "ORG" and len(ent) > 1:
            name = self._name_after_title(ent)
            if name is not None:
                return name  # "PM Modi", "President Ruto" tagged as one organisation
        words = [t.lower_ for t in ent]
        if ent.label_ == "ORG" and (self._titled_name(ent, words) or self._name_with_appositive_title(ent, words)
                                    or self._name_before_who(ent, words)):
            return Span(ent.doc, ent.start, ent.end, label="PERSON")
        if len(ent) < 2 or not ent[-1].text[:1].isupper():
            return ent
        last = words[-1]
        if last in types["event_heads_capitalised"]:
            return None
        label = ent.label_
        if label == "ORG" and last in types["title_heads"] and not any(
                w in types["org_heads"] or w in types["org_heads_for_person"] for w in words[:-1]):
            return None
        if label in ("PERSON", "PLACE") and (last in types["org_heads"] or words[0] in types["org_first_words"]):
            label = "ORG"
        elif label == "PLACE" and set(words) & (types.get("institution_heads", frozenset()) - types["venue_heads"]):
            label = "ORG"  # "McGill University", "University of Social Sciences and Humanities"
        elif label == "PERSON" and last in types["org_heads_for_person"]:
            label = "ORG"
        elif label in ("PERSON", "ORG") and last in types["place_heads"] and not (label == "ORG" and last in types["seat_heads"]):
            label = "PLACE"
        return ent if label == ent.label_ else Span(ent.doc, ent.start, ent.end, label=label)

    def _gazetteer_spans(self, doc: Doc, context: "_BlockContext") -> list[Span]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            alias = doc.vocab.strings[match_id]
            entries = self.gazetteer.lookup(alias)
            entry, by_neighbour = _choose_entry(doc, start, end, entries, self.gazetteer)
            if entry is None or not (by_neighbour or _context_allows(doc, start, end, entry, context)):
                continue
            if entry.label == "PERSON" and self._inside_longer_patronymic(doc, start, end):
                continue  # "Bandar [bin Salman] bin Mohammed", "King [Abdullah] bin Abdulaziz": someone else
            span = Span(doc, start, end, label=entry.label, kb_id=entry.id)
            spans.append(span)
        return filter_spans(spans)

    def _merge(self, doc: Doc, model_spans: list[Span], gaz_spans: list[Span], context: "_BlockContext") -> list[Span]:
        result: list[Span] = []
        used_gaz: set[tuple[int, int]] = set()
        gaz_spans = sorted(gaz_spans, key=lambda g: g.start)  # non-overlapping: ends sorted too
        gaz_ends = [g.end for g in gaz_spans]
        for ent in model_spans:
            if _crosses_table_border(ent) or not ent.text.strip() or context.kind(ent) == "byline":
                continue  # a byline's reporter is not someone the article is about
            near = []
            for k in range(bisect_right(gaz_ends, ent.start), len(gaz_spans)):
                if gaz_spans[k].start >= ent.end:
                    break
                near.append(gaz_spans[k])
            inside = [g for g in near if g.start >= ent.start and g.end <= ent.end]
            crossing = [g for g in near if not (g.start >= ent.start and g.end <= ent.end)]
            if crossing:
                continue  # the gazetteer's boundaries are better than a span that cuts a name
            if any(g.start == ent.start and g.end == ent.end for g in inside):
                continue  # identical span: the gazetteer's label and id are used
            if ent.label_ in ("ORG", "PLACE") and self._event_or_title_part(doc, ent):
                continue  # "Lisbon Climate Summit", "Interior Minister": the names inside stay
            if inside and (context.kind(ent) in _TITLE_CASE_CONTEXTS or not _longer_name_wins(ent, inside)):
                continue  # "Putin Convene" in a heading -> "Putin"
            if not inside and self._is_junk(doc, ent, context):
                continue
            for g in inside:
                used_gaz.add((g.start, g.end))
            ent._.newsclaims_source = "model"
            result.append(ent)
        taken = _TokenCover(doc, result)
        for g in gaz_spans:
            if (g.start, g.end) in used_gaz or taken.overlaps(g) or context.kind(g) == "byline":
                continue
            taken.add(g)
            g._.newsclaims_source = "gazetteer"
            result.append(g)
        result = _agree_in_coordination(filter_spans(result))
        people = {p.text: p.kb_id_ for p in gaz_spans if p.label_ == "PERSON"}
        # Surnames of multi-word people found by the model ("Gulnara Abenova" -> "Abenova").
        for span in result:
            if span.label_ == "PERSON" and len(span) > 1:
                people.setdefault(span[-1].text, span.kb_id_)
        return filter_spans([self._relink_model_span(s, people) for s in result])

    def _without_honorific(self, ent: Span) -> Span:
        """"H. E. Perfecto R. Yasay", "HE Olaf Scholz" (any model label): a court abbreviation
        opening the span is no part of the name, and what follows it is a person (the
        gazetteer's, when it knows the rest)."""
        prefixes = self.entity_types.get("honorific_prefixes", frozenset())
        for n in (2, 1):
            if len(ent) > n and " ".join(t.text for t in ent[:n]) in prefixes and ent[n].is_title:
                return Span(ent.doc, ent.start + n, ent.end, label="PERSON")
        return ent

    def _relink_model_span(self, span: Span, people: dict[str, str]) -> Span:
        """Second chances for model-only spans: a dateline in capitals ("ASTANA") looked
        up in title case, and a name the model mislabels ("Macron" as ORG) that is a
        person the gazetteer found elsewhere in the document."""
        if span._.newsclaims_source != "model":
            return span
        entry = self._acronym_entry(span)
        if entry is None and span.text.isupper() and len(span.text) > 3:
            candidates = self.gazetteer.lookup(span.text.title())
            entry = candidates[0] if candidates else None
        if entry is None and span.text in people and span.label_ != "PERSON":
            if not people[span.text]:
                relabelled = Span(span.doc, span.start, span.end, label="PERSON")
                relabelled._.newsclaims_source = "model"
                return relabelled
            entry = self.gazetteer.get(people[span.text], label="PERSON")
        if entry is None:
            if span.label_ in ("PERSON", "ORG") and not self._names_a_body(span) and self._place_context(span, people):
                relabelled = Span(span.doc, span.start, span.end, label="PLACE")
                relabelled._.newsclaims_source = "model"
                return relabelled
            return span
        relinked = Span(span.doc, span.start, span.end, label=entry.label, kb_id=entry.id)
        relinked._.newsclaims_source = "model+gazetteer"
        return relinked

    def _agency_tags(self, doc: Doc, dateline) -> list[Span]:
        """The news agency of a dateline tag ("(AP) —", "/TASS/.") or of a tag closing a
        paragraph ("— Bernama"): an organisation (data/gold/realnews/README.md), linked when
        the gazetteer knows it. A closing tag counts only when the gazetteer has it as an
        organisation or it is an acronym ("— PTI"), so "— Smith" is no agency. A capitalised
        name in the brackets of a dateline is an agency whether known or not ("(Reuter)")."""
        text = doc_text(doc)
        spans = [(start, end, False) for start, end in closing_tags(doc)]
        if dateline is not None and dateline.agency and dateline.agency[0].isupper():
            start = text.find(dateline.agency, dateline.start, dateline.end)
            if start >= 0:
                spans.insert(0, (start, start + len(dateline.agency), True))
        tags = []
        for start, end, in_dateline in spans:
            span = doc.char_span(start, end)
            if span is None:
                continue
            entry = next((e for e in self.gazetteer.lookup(span.text) if e.label == "ORG"), None)
            acronym = span.text.isupper() and 2 <= len(span.text) <= 6
            if entry is None and not acronym and not in_dateline:
                continue
            tag = Span(doc, span.start, span.end, label="ORG", kb_id=entry.id if entry else "")
            tag._.newsclaims_source = "gazetteer" if entry else "model"
            tags.append(tag)
        return tags

    def _dateline_city(self, doc: Doc, dateline) -> Span | None:
        """The city of a wire dateline that the model missed ("DAKAR, Senegal (AP) —"): its
        first part, looked up in title case, when the gazetteer has exactly one city of that name."""
        if dateline is None or not dateline.names:
            return None
        name = dateline.names[0]
        entries = {e.id: e for form in {name, name.title()} for e in self.gazetteer.lookup(form)
                   if e.label == "PLACE" and e.population}
        if len(entries) != 1:
            return None
        start = doc_text(doc).find(name, dateline.start)
        span = doc.char_span(start, start + len(name)) if start >= 0 else None
        if span is None:
            return None
        entry = next(iter(entries.values()))
        city = Span(doc, span.start, span.end, label="PLACE", kb_id=entry.id)
        city._.newsclaims_source = "gazetteer"
        return city

    def _acronym_entry(self, span: Span) -> GazetteerEntry | None:
        """"US" in ordinary text is the country (models/entities/acronyms.json); in an
        all-caps sentence it may be the pronoun."""
        country = self.acronyms.get(span.text)
        if country is None:
            return None
        context = span.sent.text
        if len(span.sent) <= len(span) + 1:  # the parser cut "US" off "US Vice President ...": read its line
            text = doc_text(span.doc)
            context = text[text.rfind("\n", 0, span.start_char) + 1 : (text.find("\n", span.end_char) + 1 or len(text) + 1) - 1]
        letters = [c for c in context if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
            return None
        return next((e for e in self.gazetteer.lookup(country) if e.label == "COUNTRY"), None)

    def _is_junk(self, doc: Doc, ent: Span, context: "_BlockContext") -> bool:
        """Statistical entities the gazetteer does not know, in places where the small
        model guesses from capital letters alone: title-case headings and table cells
        ("Agenda Item", "Address Regional"), and list-item openings ("Counterterrorism
        coordination"). Such an entity is kept only when the prose of the same document
        backs it: the same entity in a paragraph, or every word of it capitalised
        mid-sentence in a paragraph."""
        if ent.label_ == "PERSON" and context.tagged and not any(t.tag_ in ("NNP", "NNPS") for t in ent):
            return True  # "Observers note that ...": a capitalised common noun
        if ent.label_ == "NORP" and context.tagged and all(t.tag_ in ("NN", "NNS") for t in ent if t.is_alpha):
            return True  # "- Counterterrorism cooperation": a common noun, not a demonym
        kind = context.kind(ent)
        if kind in _TITLE_CASE_CONTEXTS:
            return not (context.seen_in_prose(ent) or context.capitalised_in_prose(ent))
        if context.starts_unit(ent) and self.drop_common_noun_phrases:
            return not context.seen_in_prose(ent) and _is_common_noun_phrase(doc, ent, context)
        if ent.label_ == "ORG" and self.drop_common_noun_phrases and not self._has_org_word(ent):
            # "signed memoranda on Education, Cooperatives and Social Development": title-case
            # common nouns with no word that names a body
            return _is_common_noun_phrase(doc, ent, context)
        return False

    def _has_org_word(self, ent: Span) -> bool:
        types = self.entity_types
        words = {t.lower_ for t in ent}
        return bool(words & (types.get("institution_heads", frozenset()) | types["org_heads"]
                             | types["org_heads_for_person"] | types["org_first_words"]))


    def _names_a_body(self, ent: Span) -> bool:
        """A model ORG whose words name an institution or a company, not a building
        ("McGill University", "International Crisis Group"; not "Convention Center"): the
        place after it ("at McGill University in Montreal") does not make it a place."""
        if ent.label_ != "ORG":
            return False
        types = self.entity_types
        body_words = (types.get("institution_heads", frozenset()) - types["venue_heads"]) | types["org_heads"]
        return any(t.lower_ in body_words for t in ent) or ent[0].lower_ in types["org_first_words"]

    def _event_or_title_part(self, doc: Doc, ent: Span) -> bool:
        """"G20 Summit", "Business Forum" (events, not organisations); "Interior" in
        "Interior Minister", "External Affairs" in "Minister of External Affairs" (titles)."""
        if ent.root.lower_ in self.event_heads or ent[-1].lower_ in self.event_heads:
            return True
        if ent.label_ != "ORG":
            return False
        if ent[0].lower_ in self.title_words:
            return True  # "Minister of External Affairs"
        if ent.end < len(doc) and doc[ent.end].lower_ in self.title_words:
            return True
        start = ent.start
        if start >= 1 and doc[start - 1].lower_ == "the" and len(ent) == 1 and not ent[0].is_upper:
            start -= 1  # "Minister of the Interior"; not "chairman of the Council of Ministers", "of the PDP"
        return (start >= 2 and doc[start - 1].lower_ in ("of", "for")
                and doc[start - 2].lower_ in self.title_words)

    def _place_context(self, span: Span, people: dict[str, str]) -> bool:
        """An unknown name that its context shows to be a place: "in Kutaisi", "at
        Jaitapur in the western Indian state", "Kars in eastern Turkey", "the Syr Darya
        river", "the state of Maharashtra". Acronyms and known people are left alone."""
        doc = span.doc
        if span.text in people or span.text.isupper():
            return False
        cues = self.place_cues
        before = doc[span.start - 1] if span.start > 0 else None
        if span.label_ == "PERSON" and (span.text in self._titled_people or (before is not None and before.lower_ in self.title_words)):
            return False  # "General Secretary To Lam in Hanoi", "towards Hun Sen" after "Mr Hun Sen": a titled person
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in cues["geographic_nouns_after"] and after.is_lower:
            return True
        if before is not None and before.lower_ in cues["locative_prepositions"] and (after is None or not _is_possessive(after)):
            return True
        if before is not None and before.lower_ == "of" and span.start > 1 and doc[span.start - 2].lower_ in cues["geographic_nouns_before_of"]:
            return True
        listed = before is not None and (before.lower_ in ("and", "or") or (
            before.text == "," and after is not None and after.lower_ in (",", "and", "or")
            and (span.label_ != "PERSON" or len(span) == 1)))  # "Okinawa, Denny Tamaki,": an appositive
        if listed and span.start > 1:  # "in Batumi and Kutaisi"; not "the governor of Okinawa, Denny Tamaki,"
            previous = [e for e in self._model_ents if e.end == span.start - 1]
            if previous and previous[0].label_ in ("GPE", "LOC", "PLACE"):
                return True  # "in Batumi and Kutaisi"
        if after is not None and after.lower_ == "in" and span.end + 1 < len(doc):
            following = [e for e in self._model_ents if span.end + 1 <= e.start <= span.end + 3]
            return bool(following) and following[0].label_ in ("GPE", "LOC", "NORP", "COUNTRY", "PLACE")
        return False


def _repeated_surnames(doc: Doc, ents: list[Span], context: "_BlockContext") -> list[Span]:
    """The surname of a person named in full elsewhere in the document, where the model
    tagged nothing ("KP Sharma Oli ... Oli and Modi had last met"): a PERSON span with
    the full name's id. Not when the word also occurs in lower case (a common word) or
    runs on into another capitalised word ("Oli Street")."""
    surnames: dict[str, str] = {}
    for ent in ents:
        last = ent[-1]
        if ent.label_ == "PERSON" and len(ent) > 1 and last.is_alpha and last.is_title and len(last) > 2:
            surnames.setdefault(last.text, ent.kb_id_)
    if not surnames:
        return []
    # a one-word PRODUCT / WORK_OF_ART / EVENT / LAW is the model misreading the surname ("Sipilä")
    covered = _TokenCover(doc, [e for e in ents if not (len(e) == 1 and e.label_ in _MISREAD_PERSON_LABELS)])
    common = context.lowercase_words()
    added = []
    for i in tokens_with_text(doc, surnames):
        token = doc[i]
        if token.lower_ in common:
            continue
        span = Span(doc, token.i, token.i + 1, label="PERSON", kb_id=surnames[token.text])
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if covered.overlaps(span) or (following is not None and following.is_title and following.pos_ == "PROPN"):
            continue
        span._.newsclaims_source = "model"
        added.append(span)
    return added


def _name_parts_as_people(spans: list[Span]) -> list[Span]:
    """A one-word model PLACE or ORG that is the first or last word of a person named in
    full in the document ("... between him and Raila" after "Raila Odinga", "Lacalle"
    after "Luis Lacalle Pou"): that person, not a place."""
    parts: dict[str, Span] = {}
    for ent in spans:
        if ent.label_ == "PERSON" and len(ent) > 1:
            for token in (ent[0], ent[-1]):
                if token.is_alpha and token.is_title and len(token) > 2:
                    parts.setdefault(token.text, ent)
    out = []
    for ent in spans:
        person = parts.get(ent.text) if ent.label_ in ("PLACE", "ORG") and len(ent) == 1 else None
        if person is not None and not ent.kb_id_ and ent._.newsclaims_source == "model":
            relabelled = Span(ent.doc, ent.start, ent.end, label="PERSON", kb_id=person.kb_id_)
            relabelled._.newsclaims_source = "model"
            ent = relabelled
        out.append(ent)
    return out


@lru_cache(maxsize=None)
def load_entity_types(path: str | None = None) -> dict[str, frozenset[str]]:
    """Head words and names of ``models/entities/entity_types.json`` (lower case)."""
    data = read_json(path, "entities", "entity_types.json")
    return {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}


_CUT_OFF_WORDS = frozenset("of the and for to in on at a an".split())
_SCORE_RE = re.compile(r"\s\d{1,2}\s?[-–:]\s?\d{1,2}$")
_TITLE_TAILS = frozenset(("general", "-", "designate", "elect"))
_MISREAD_PERSON_LABELS = frozenset(("WORK_OF_ART", "PRODUCT", "EVENT", "LAW"))
_APPOSITION_ENDS = frozenset(",.;:—–()\"“”")
_APPOSITION_STARTS = frozenset(("the", "a", "an"))
_TITLE_LINKS = frozenset(("of", "to", "for", "on"))


def appositive_title(ent: Span, title_words: frozenset[str]) -> Span | None:
    """The closed apposition after ``ent`` that names a job: "X, the AU commission
    chairperson, ...", "X, the chairperson of the African Union Commission.", "X,
    Rwanda's foreign minister, ..." -> the words between the commas (determiner dropped).

    The head (the last word, or the word before "of") must be a title word of
    ``models/entities/not_names.json``, and the apposition must close (a comma or the
    end of the sentence) within 12 words, so "X, the minister said" is none."""
    doc = ent.doc
    comma = ent.end
    if comma + 2 >= len(doc) or doc[comma].text != ",":
        return None
    limit = min(ent.sent.end, comma + 13)
    end = comma + 1
    while end < limit and doc[end].text not in _APPOSITION_ENDS:
        end += 1
    if end == limit and limit != ent.sent.end:
        return None
    phrase = doc[comma + 1:end]
    if len(phrase) < 2:
        return None
    first = phrase[0]
    # "Rwanda's foreign minister", "Viet Nam's Minister of Foreign Affairs": a capitalised
    # possessor of up to three words
    owner_end = next((k for k in range(1, min(4, len(phrase) - 1)) if phrase[k].text in ("'s", "’s")), 0)
    possessive = owner_end > 0 and all(t.text[:1].isupper() for t in phrase[:owner_end])
    words = [t.lower_ for t in phrase]
    if first.lower_ not in _APPOSITION_STARTS and not possessive:
        # "X, Special Adviser to the President on Media, ...": a capitalised title with no
        # article, its head before the first preposition
        link = next((k for k, w in enumerate(words) if w in _TITLE_LINKS and k > 0), len(words))
        if first.is_title and all(t.is_title for t in phrase[:link]) and words[link - 1] in title_words:
            return phrase
        return None
    # the head: the last word, or the word before the first "of" / "for" / "to" / "on"
    # ("Indonesia's Coordinating Minister for Political and Security Affairs")
    link = next((k for k, w in enumerate(words) if w in _TITLE_LINKS and k > max(1, owner_end + 1)), len(words))
    if words[link - 1] not in title_words:
        return None
    return phrase[1:] if first.lower_ in _APPOSITION_STARTS else phrase
_POSSESSIVE_PRONOUNS = frozenset("its their his her our my your".split())
_CASE_MARKERS = frozenset(("v", "v.", "vs", "vs."))


def _after_an_occupation(ent: Span, types: dict[str, frozenset[str]]) -> bool:
    """Two or three capitalised words right after an occupation noun ("the American
    singer-songwriter Lionel Richie", "economist Jeffrey Sachs") are a person's name."""
    occupations = types.get("occupation_nouns", frozenset())
    if not 2 <= len(ent) <= 3 or not all(t.is_title and t.is_alpha for t in ent) or ent.start == 0:
        return False
    doc = ent.doc
    before = doc[ent.start - 1]
    if before.lower_ in occupations and before.is_lower:
        return True
    if before.text == "," and ent.start >= 2 and doc[ent.start - 2].lower_ in occupations and doc[ent.start - 2].is_lower:
        return True  # "his Lao counterpart, Sonexay Siphandone"
    # "singer-songwriter" is three tokens: "singer", "-", "songwriter"
    return ent.start >= 3 and before.is_lower and f"{doc[ent.start - 3].lower_}-{before.lower_}" in occupations


def _names_an_outlet(ent: Span, types: dict[str, frozenset[str]]) -> bool:
    """A news outlet the model read as a person or place: next to a media noun ("the
    Hurriyet daily", "Turkish newspaper Milliyet", "the Kathimerini newspaper") or the
    object of a preposition after a journalist noun ("a reporter for Hurriyet", "editor
    of Kathimerini")."""
    media, journalists = types.get("media_nouns", frozenset()), types.get("journalist_nouns", frozenset())
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    if after is not None and after.lower_ in media and after.pos_ == "NOUN":
        return True
    if before is not None and before.lower_ in media and before.pos_ in ("NOUN", "ADJ", "PROPN"):
        return True
    root = ent.root
    prep = root.head
    return (root.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "with")
            and prep.head.lemma_.lower() in journalists)


def _is_product(ent: Span) -> bool:
    """A product, by its shape: one word written like "iPhone" (lower case, then a
    capital) in the plural or after a possessive ("its iPhones", "their Teslas")."""
    if len(ent) != 1:
        return False
    token = ent[0]
    text = token.text
    camel = text[:1].islower() and any(c.isupper() for c in text[1:])
    plural = text.endswith("s") and (token.tag_ in ("NNS", "NNPS") or camel)
    after_possessive = ent.start > 0 and ent.doc[ent.start - 1].lower_ in _POSSESSIVE_PRONOUNS
    return (camel and (plural or after_possessive)) or (plural and after_possessive and token.tag_ in ("NNS", "NNPS"))


def _agree_in_coordination(spans: list[Span]) -> list[Span]:
    """Names joined by "and" or commas are of one kind: an unknown name the model calls a
    place or an organisation, coordinated with a person, is a person ("opposition figures
    Rabiu Kwankwaso, Peter Obi and Atiku Abubakar"). Needs the parse; gazetteer names keep
    their label."""
    if not spans or not spans[0].doc.has_annotation("DEP"):
        return spans
    person_tokens = {t.i for s in spans if s.label_ == "PERSON" for t in s}
    result = []
    for span in spans:
        root = span.root
        if (span.label_ in ("PLACE", "ORG") and span._.newsclaims_source == "model" and not span.kb_id_
                and len(span) > 1 and all(t.is_title for t in span)
                and ((root.dep_ == "conj" and root.head.i in person_tokens)
                     or any(c.dep_ == "conj" and c.i in person_tokens for c in root.children))):
            relabelled = Span(span.doc, span.start, span.end, label="PERSON")
            relabelled._.newsclaims_source = "model"
            span = relabelled
        result.append(span)
    return result


def _in_legal_case(ent: Span) -> bool:
    """A party of a case name: "Roe v. Wade", "Brown v Board of Education"."""
    doc = ent.doc
    return (any(t.lower_ in _CASE_MARKERS for t in ent)
            or (ent.end < len(doc) and doc[ent.end].lower_ in _CASE_MARKERS)
            or (ent.start > 0 and doc[ent.start - 1].lower_ in _CASE_MARKERS))


@lru_cache(maxsize=None)
def load_place_cues(path: str | None = None) -> dict[str, frozenset[str]]:
    """Context words for places (``models/entities/place_cues.json``)."""
    data = read_json(path, "entities", "place_cues.json")
    return {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def load_acronyms(path: str | None = None) -> dict[str, str]:
    return dict(read_json(path, "entities", "acronyms.json")["acronyms"])


@lru_cache(maxsize=None)
def load_name_heads(path: str | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(event heads, title words) of ``models/entities/not_names.json``."""
    data = read_json(path, "entities", "not_names.json")
    return frozenset(data.get("event_heads", [])), frozenset(data.get("title_words", []))


def load_not_names(path: str | None = None) -> frozenset[str]:
    """Common nouns the model tags as names ("LNG", "Observers"): ``models/entities/not_names.json``."""
    return frozenset(read_json(path, "entities", "not_names.json")["not_names"])


def _longer_name_wins(ent: Span, inside: list[Span]) -> bool:
    """A statistical PERSON/ORG around a gazetteer name of another kind keeps its length
    ("Michael Jordan", "Bank of Russia", "Turkish Airlines"); around a same-kind name it
    is a longer form of that name ("Vladimir Vladimirovich Putin")."""
    if ent.label_ in ("PERSON", "ORG"):
        return all(g.label_ != ent.label_ or len(g) < len(ent) for g in inside) and all(
            t.text[:1].isupper() or not t.is_alpha for t in ent
        )
    return False


def _definite_title_word(doc: Doc, start: int, end: int) -> bool:
    """"the Amir said", "met the Emir": one capitalised word after "the" that no noun
    follows is a title used instead of the name, not a name ("the Trump administration"
    is one)."""
    if end - start != 1 or start == 0 or doc[start - 1].lower_ not in ("the", "'s", "’s"):
        return False  # "the Amir said", "Qatar's Amir and ..."
    after = doc[end] if end < len(doc) else None
    return after is None or after.pos_ not in ("NOUN", "PROPN", "NUM")


def _is_common_noun_phrase(doc: Doc, ent: Span, context: "_BlockContext") -> bool:
    """True when every word of the span is written in lower case elsewhere in the
    document ("Humanitarian Aid" vs "humanitarian challenges ... aid")."""
    words = [t for t in ent if t.is_alpha]
    lower_vocab = context.lowercase_words()
    return all(t.lower_ in lower_vocab for t in words)


def _choose_entry(
    doc: Doc, start: int, end: int, entries: list[GazetteerEntry], gaz: Gazetteer
) -> tuple[GazetteerEntry | None, bool]:
    """Pick one reading of an ambiguous alias; the flag says the text itself settled it.

    "Atlanta, Georgia": the entry whose country matches a place just before the comma
    (Atlanta is in the United States -> the US state). Otherwise a country beats a
    place, and a more populous place beats a smaller one.
    """
    if not entries:
        return None, False
    neighbour_countries = _neighbour_countries(doc, start, end, gaz)
    if neighbour_countries:
        for entry in entries:
            if entry.label == "PLACE" and entry.country in neighbour_countries:
                return entry, True
    if len(entries) == 1:
        return entries[0], False
    priority = {"COUNTRY": 0, "PERSON": 1, "PLACE": 2, "ORG": 3, "NORP": 4}
    return sorted(entries, key=lambda e: (priority.get(e.label, 9), -(e.population or 0)))[0], False


def _neighbour_countries(doc: Doc, start: int, end: int, gaz: Gazetteer) -> set[str]:
    """Countries of a place written as "City, X" right before the span."""
    if start < 2 or doc[start - 1].text != ",":
        return set()
    found = set()
    for size in (3, 2, 1):
        if start - 1 - size < 0:
            continue
        text = doc[start - 1 - size : start - 1].text
        for entry in gaz.lookup(text):
            if entry.label == "PLACE" and entry.country:
                found.add(entry.country)
    return found


def _context_allows(doc: Doc, start: int, end: int, entry: GazetteerEntry, context: "_BlockContext") -> bool:
    """Ambiguous surnames ("Xi", "Kim") count only when the document also names the
    person in full. Aliases marked ``needs_context`` ("Nice", "Chad", the US state
    "Georgia") count only mid-sentence and when the document names their country
    ("Nice" with "France"), or the model also tagged the same span as a place."""
    if entry.label == "PERSON" and entry.ambiguous_surname and doc[start:end].text in entry.surnames:
        return context.mentions_any(entry.aliases, exclude=set(entry.surnames))
    if entry.needs_context:
        if doc[start].is_sent_start:
            return False
        surface = doc[start:end].text
        country_named = bool(entry.country) and entry.country != surface and entry.country in context.text
        model_agrees = any(e.start == start and e.end == end and e.label_ in ("GPE", "LOC") for e in context.ents)
        return country_named or model_agrees
    return True


_CLITIC_RE = re.compile(r"(?<=\w)(['’]s)\b")


def _body_word_sequences(spellings) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the word sequences starting with it, longest first; "prime minister's
    office" -> ("prime", "minister", "'s", "office"), as the tokenizer splits it."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for spelling in spellings:
        words = tuple(_CLITIC_RE.sub(r" \1", spelling.lower()).split())
        table.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(seqs), key=len, reverse=True)) for first, seqs in table.items()}


def _word_sequence_matches(doc: Doc, table: dict[str, tuple[tuple[str, ...], ...]]) -> list[tuple[int, int]]:
    """(start, end) of the longest sequence of ``table`` at each token, left to right,
    without overlaps; compares lower-case strings only (nothing is added to the vocab)."""
    matches: list[tuple[int, int]] = []
    n = len(doc)
    covered = 0
    for i in tokens_with_lower(doc, table):
        if i < covered:
            continue
        for words in table[doc[i].lower_]:
            if i + len(words) <= n and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                matches.append((i, i + len(words)))
                covered = i + len(words)
                break
    return matches


def _with_hyphenated_tails(spans: list[Span]) -> list[Span]:
    """A person's name that stops at a hyphen of a double surname ("Kamla Persad" of
    "Kamla Persad-Bissessar"): the name runs on over the hyphen and the capitalised word
    after it, when nothing else is tagged there."""
    starts = {s.start for s in spans}
    out = []
    for span in spans:
        doc, end = span.doc, span.end
        if (span.label_ == "PERSON" and end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
                and not doc[end].whitespace_ and doc[end + 1].is_title and doc[end + 1].is_alpha
                and end not in starts and end + 1 not in starts):
            grown = Span(doc, span.start, end + 2, label="PERSON", kb_id=span.kb_id_)
            grown._.newsclaims_source = span._.newsclaims_source
            out.append(grown)
            continue
        out.append(span)
    return out


_NAME_LINKS = frozenset(("of", "for", "on"))
_NAME_JOINERS = frozenset(("of", "for", "on", "and", "the", "&"))
_NOT_NAME_TYPES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))


def _with_name_phrases(spans: list[Span], heads: frozenset[str]) -> list[Span]:
    """An organisation cut at an "of" / "for" / "on" phrase of its name: "Diplomatic
    Academy" of "Diplomatic Academy of Vietnam", "Cooperation of Energy Regulators" of
    "Agency for the Cooperation of Energy Regulators". An ORG ending in an institution head
    runs on over the phrase's capitalised words; one preceded by "<Head> for the" runs
    back over that head. Entities inside the grown name (the "Vietnam") go; a person
    there stops it."""
    if not heads:
        return spans
    out = sorted(spans, key=lambda s: s.start)
    for n, span in enumerate(out):
        if span.label_ != "ORG" or span.kb_id_:
            continue  # a known organisation is whole ("Council of the League of Arab States" is not one)
        start, end = _name_phrase_start(span, heads), _name_phrase_end(span, heads)
        if (start, end) == (span.start, span.end):
            continue
        inside = [o for o in out if o is not span and start <= o.start and o.end <= end]
        if any(o.label_ == "PERSON" for o in inside) or any(
                o is not span and o.start < end and o.end > start and o not in inside for o in out):
            continue
        grown = Span(span.doc, start, end, label="ORG", kb_id="")
        grown._.newsclaims_source = "model"
        out[n] = grown
        for o in inside:
            o._.newsclaims_source = "swallowed"
    return [s for s in out if s._.newsclaims_source != "swallowed"]


def _name_phrase_end(span: Span, heads: frozenset[str]) -> int:
    doc, end = span.doc, span.end
    if span[-1].lower_ not in heads or end + 1 >= len(doc) or doc[end].lower_ not in _NAME_LINKS:
        return end
    i, last = end, end
    sent_end = span.sent.end
    while i < sent_end and doc[i].ent_type_ not in _NOT_NAME_TYPES and (
            doc[i].is_title or doc[i].is_upper and doc[i].is_alpha or doc[i].lower_ in _NAME_JOINERS):
        if doc[i].is_title or doc[i].is_upper:
            last = i + 1
        i += 1
    return last


def _name_phrase_start(span: Span, heads: frozenset[str]) -> int:
    doc, start = span.doc, span.start
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in _NAME_LINKS or not doc[i - 1].is_title or doc[i - 1].lower_ not in heads:
        return start
    return i - 1


def _given_name_tagged_as_place(span: Span) -> bool:
    """One capitalised proper noun the model tagged PLACE or ORG next to a PERSON: the
    part of the name it cut off ("Sooronbai | Jeenbekov", "Shah Mahmood | Qureshi")."""
    return (span.label_ in ("PLACE", "ORG") and len(span) == 1 and span[0].is_title and span[0].is_alpha
            and span[0].pos_ == "PROPN")


def _untagged_name_part(token) -> bool:
    """A capitalised proper noun between two parts of a name that the model left out of
    both ("Makhdoom Shah | Mahmood | Qureshi")."""
    return token.is_title and token.is_alpha and token.pos_ == "PROPN" and not token.is_sent_start and not token.ent_type_


def _joined_adjacent_people(spans: list[Span]) -> list[Span]:
    """Two model PERSON spans with nothing between them are one name the model cut in two
    ("Samia Suluhu | Hassan"), and so is a one-word model PLACE or ORG before a PERSON
    ("Sooronbai | Jeenbekov") or after a name of two words or more ("Shah Mahmood |
    Qureshi"); a gazetteer-linked part keeps the two apart."""
    ordered = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in ordered:
        last = out[-1] if out else None
        if last is not None and last.end + 1 == span.start and _untagged_name_part(span.doc[last.end]):
            last = Span(last.doc, last.start, last.end + 1, label=last.label_)  # "Makhdoom Shah | Mahmood | Qureshi"
            last._.newsclaims_source = out[-1]._.newsclaims_source
        if (last is not None and last.end == span.start
                and ((span.label_ == "PERSON" and (last.label_ == "PERSON" or _given_name_tagged_as_place(last)))
                     or (last.label_ == "PERSON" and len(last) > 1 and _given_name_tagged_as_place(span)))
                and not last.kb_id_ and not span.kb_id_ and last.sent.start == span.sent.start
                and last._.newsclaims_source == span._.newsclaims_source == "model"
                and span.doc[last.end - 1].is_alpha and span.doc[span.start].is_title):
            joined = Span(span.doc, last.start, span.end, label="PERSON")
            joined._.newsclaims_source = "model"
            out[-1] = joined
            continue
        out.append(span)
    return out if len(out) != len(spans) else spans


def _without_bracketed_name_parts(spans: list[Span]) -> list[Span]:
    """Drop the first half of a name an editor completed in brackets: in "[Recep Tayyip]
    Erdogan" the person is the span after the bracket; "Recep Tayyip" (or "Vladimir", a
    city to the gazetteer) before "]" is no entity of its own."""
    if not spans:
        return spans
    doc = spans[0].doc
    people_starts = {s.start for s in spans if s.label_ == "PERSON"}
    return [s for s in spans if not (s.end + 1 < len(doc) and doc[s.end].text == "]" and s.end + 1 in people_starts)]


def _patronymic_end(doc: Doc, end: int, particles: frozenset[str]) -> int:
    """Where a name ending at token ``end`` ends when it runs on over name particles and
    the name words after them: "bin Salman bin Mohammed Al-Saud", "Ould Ghazouani"."""
    while end + 1 < len(doc) and doc[end].lower_ in particles and (doc[end].is_lower or doc[end + 1].text in "-‐"):
        following = end + 2 if doc[end + 1].text in "-‐" else end + 1
        if following >= len(doc) or not (doc[following].is_alpha and doc[following].is_title):
            break
        end = following + 1
        while end + 1 < len(doc) and doc[end].text in "-‐" and doc[end + 1].is_title:  # "Al-Saud", "Abu-Hamour"
            end += 2
    return end


def _after_medium_word(ent: Span, prepositions: frozenset[str]) -> bool:
    """"on X", "via his Telegram", "on her WhatsApp channel": a medium preposition among the three words before."""
    doc = ent.doc
    before = [doc[i] for i in range(max(0, ent.start - 3), ent.start)]
    return any(t.lower_ in prepositions for t in before)


def _outside_brackets(ent: Span) -> tuple[int, int]:
    """Token bounds of an entity without an editor's bracketed insertion: quotes in wire
    copy fill in names in brackets ("[Russian President Vladimir] Putin"), and a span
    across the bracket is no name. The part after the closing bracket is kept, else the
    part before the opening one."""
    start, end = ent.start, ent.end
    text = ent.text
    if "[" not in text and "]" not in text and "(" not in text:
        return start, end  # the common case: no bracket, no parenthesis
    doc = ent.doc
    closing = [t.i for t in ent if t.text == "]"]
    if closing and closing[-1] + 1 < end:
        start = closing[-1] + 1
    opening = [t.i for t in doc[start:end] if t.text == "["]
    if opening:
        end = opening[0]
    if any(doc[i].text in "[]" for i in range(start, end)):
        return start, start
    return start, _before_open_parenthesis(doc, start, end)


def _before_open_parenthesis(doc: Doc, start: int, end: int) -> int:
    """Where a name ends that ran into an acronym's parenthesis without closing it:
    "Joint Bilateral Commission on Cooperation (JBCC" -> the commission."""
    depth, first_open = 0, None
    for i in range(start, end):
        if doc[i].text == "(":
            depth += 1
            first_open = i if first_open is None else first_open
        elif doc[i].text == ")" and depth:
            depth -= 1
            if not depth:
                first_open = None
    return first_open if depth and first_open is not None and first_open > start else end


def _is_possessive(token) -> bool:
    """"’s" / "'s" (tagged POS; also recognised without a tagger, in --fast mode)."""
    return token.tag_ == "POS" or token.lower_ in ("'s", "’s", "'", "’")


class _TokenCover:
    """Which tokens some span already covers: an overlap test in O(span length)."""

    def __init__(self, doc: Doc, spans: Iterable[Span] = ()):
        self._covered = bytearray(len(doc))
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        self._covered[span.start : span.end] = b"\x01" * (span.end - span.start)

    def overlaps(self, span: Span) -> bool:
        return any(self._covered[span.start : span.end])


def _crosses_table_border(ent: Span) -> bool:
    return any(t.text == "|" or "\n" in t.text for t in ent)


class _BlockContext:
    """Which block each token is in, and what the prose of the document says."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.ents = list(doc.ents)  # the statistical model's entities, before merging
        self.tagged = doc.has_annotation("TAG")  # no tagger in --fast mode
        self._kinds = [""] * len(doc)
        self._unit_starts: set[int] = set()
        self._lowercase: set[str] | None = None
        self._prose_texts: set[str] | None = None
        self._prose_capitalised: set[str] | None = None
        blocks = doc._.newsclaims_blocks if Doc.has_extension("newsclaims_blocks") else None
        for block in blocks or []:
            span = doc.char_span(block["start"], block["end"], alignment_mode="expand")
            if span is None:
                continue
            self._kinds[span.start : span.end] = [block["kind"]] * len(span)
            for start, _end in block["units"]:
                unit = doc.char_span(start, start + 1, alignment_mode="expand")
                if unit is not None and block["kind"] == "list":
                    self._unit_starts.add(unit.start)

    def kind(self, span: Span) -> str:
        return self._kinds[span.start] if span.start < len(self._kinds) else ""

    def kind_at(self, i: int) -> str:
        return self._kinds[i] if i < len(self._kinds) else ""

    def starts_unit(self, span: Span) -> bool:
        return span.start in self._unit_starts

    def lowercase_words(self) -> set[str]:
        """Lower-case words as written in lower case in prose (never capitalised)."""
        if self._lowercase is None:
            strings = self.doc.vocab.strings
            words = (strings[h] for h in set(self.doc.to_array("ORTH").tolist()))
            self._lowercase = {w for w in words if w.isalpha() and w.islower()}
        return self._lowercase

    def seen_in_prose(self, span: Span) -> bool:
        """The same text appears in a paragraph, not at a sentence start."""
        if self._prose_texts is None:
            self._prose_texts = set()
            for token_span in self.ents:
                if self._kinds[token_span.start] == "paragraph" and not token_span[0].is_sent_start:
                    self._prose_texts.add(token_span.text)
        return span.text in self._prose_texts

    def capitalised_in_prose(self, span: Span) -> bool:
        """Every content word of ``span`` occurs capitalised, not sentence-initially, in a
        paragraph: prose evidence that the words are a name and not title case."""
        if self._prose_capitalised is None:
            # from integer arrays: a Token object per token costs more than the test
            strings = self.doc.vocab.strings
            rows = self.doc.to_array([ORTH, SENT_START]).tolist()
            orths = {orth for i, (orth, start) in enumerate(rows) if start != 1 and self._kinds[i] == "paragraph"}
            self._prose_capitalised = {w for w in (strings[h] for h in orths) if w[:1].isupper()}
        words = [t.text for t in span if t.is_alpha and t.lower_ not in _MINOR_WORDS]
        return bool(words) and all(w in self._prose_capitalised for w in words)

    def mentions_any(self, names: Iterable[str], exclude: set[str]) -> bool:
        text = self.text
        return any(name in text for name in names if name not in exclude)


@Language.factory(
    "newsclaims_entities",
    default_config={
        "gazetteer_path": None,
        "label_map": {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"},
        "drop_common_noun_phrases": True,
        "not_names_path": None,
        "place_cues_path": None,
    },
)
def make_entity_resolver(
    nlp: Language,
    name: str,
    gazetteer_path: str | None,
    label_map: dict[str, str],
    drop_common_noun_phrases: bool,
    not_names_path: str | None,
    place_cues_path: str | None,
) -> EntityResolver:
    return EntityResolver(
        nlp, name, gazetteer_path, label_map, drop_common_noun_phrases, not_names_path, place_cues_path
    )
