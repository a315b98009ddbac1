"""The Python API: ``load()`` an :class:`Annotator`, then ``annotate`` texts.

>>> from pipeline import load                       # doctest: +SKIP
>>> ann = load().annotate("Putin met Erdoğan in Ashgabat.")  # doctest: +SKIP
>>> [e.canonical for e in ann.entities]             # doctest: +SKIP
['Vladimir Putin', 'Recep Tayyip Erdoğan', 'Ashgabat']
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vectors import Vectors

from . import claims, entities, events, linking, positions, structure, tokenizer, topics  # noqa: F401  (registers the factories and the tokenizer)
from .chunking import PIECE_CHARS, RecordMerger, split_points
from .clean import CleanConfig, CleanResult, clean_owned_text
from .io import InputDocument
from .paths import configs_dir
from .record import doc_to_record
from .schema import AnnotationRecord, Source, error_record
from .spill import SpilledRecord
from .structure import parse_blocks

logger = logging.getLogger("newsclaims")

DEFAULT_CONFIG = "pipeline.cfg"
CHUNK_BATCHES = 8  # batches per nlp.pipe call; a failing call is redone per document


def load_pipeline_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None):
    """The spaCy config (``configs/pipeline.cfg`` unless ``path``), with dotted overrides."""
    config_path = Path(path) if path else configs_dir() / DEFAULT_CONFIG
    return spacy.util.load_config(config_path, overrides=overrides or {}, interpolate=False)


_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")


def article_day(value: str | None) -> str | None:
    """"2025-06-18", "2025-06-18T09:30:00+02:00" -> "2025-06-18"; anything else -> None."""
    match = _ISO_DAY.match(value.strip()) if value else None
    return match.group(1) if match else None


def clean_config_from(config) -> CleanConfig:
    """The ``[cleaning]`` section as a :class:`CleanConfig` (unknown keys are an error)."""
    section = dict(config.get("cleaning", {}))
    known = {f.name for f in fields(CleanConfig)}
    unknown = set(section) - known
    if unknown:
        raise ValueError(f"Unknown [cleaning] option(s) {sorted(unknown)}; known options: {sorted(known)}")
    return CleanConfig(**section)


class Annotator:
    """Cleaning + the spaCy pipeline + record building, for one text or a stream."""

    def __init__(self, nlp: Language, clean_config: CleanConfig, as_of: str | None = None):
        self.nlp = nlp
        self.clean_config = clean_config
        self.as_of = article_day(as_of) if as_of else None
        if as_of and self.as_of is None:
            raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), not {as_of!r}")

    def annotate(self, text: str, doc_id: str = "doc", source: Source | None = None) -> AnnotationRecord:
        """Annotate one text; never raises for bad text (returns an error record)."""
        return next(self.annotate_stream([InputDocument(doc_id, text, source or Source())]))

    def annotate_stream(self, documents: Iterable[InputDocument], batch_size: int | None = None,
                        spill: bool = False) -> Iterator[AnnotationRecord | SpilledRecord]:
        """One record per input document, in input order, errors included.

        Documents go through ``nlp.pipe`` in chunks of a few batches. If a statistical
        component raises on a chunk, that chunk is redone one document at a time, so
        one bad document costs an error record, not the run. With ``spill`` (batch runs)
        the record of a document longer than one piece comes as a
        :class:`~pipeline.spill.SpilledRecord`, written to a temporary file as it is built,
        so its memory does not grow with the document.
        """
        batch_size = batch_size or self.nlp.batch_size
        chunk: list[tuple[InputDocument, CleanResult | None, AnnotationRecord | None]] = []
        for doc_in in documents:
            record, cleaned = self._prepare(doc_in)
            chunk.append((doc_in, cleaned, record))
            if len(chunk) >= batch_size * CHUNK_BATCHES:
                yield from self._annotate_chunk(chunk, batch_size, spill)
                chunk = []
        if chunk:
            yield from self._annotate_chunk(chunk, batch_size, spill)

    def _annotate_chunk(self, chunk, batch_size: int, spill: bool = False) -> Iterator[AnnotationRecord | SpilledRecord]:
        records: list[AnnotationRecord | None] = [record for _, _, record in chunk]
        failures: dict[int, str] = {}
        self.nlp.default_error_handler = _collect_failures(failures)
        # memory_zone: strings the chunk adds to the vocabulary are freed after it, so a
        # long run's memory stays flat (records are built inside the zone).
        with self.nlp.memory_zone():
            todo, long = [], []
            for i, (doc_in, cleaned, record) in enumerate(chunk):
                if record is not None:
                    continue
                if len(cleaned.text) > self._piece_chars():
                    long.append(i)  # annotated below, piece by piece, each in its own memory zone
                else:
                    todo.append((self._input(cleaned, doc_in), i))
            try:
                for doc, i in self.nlp.pipe(todo, as_tuples=True, batch_size=batch_size):
                    records[i] = self._record(doc, chunk[i][0], chunk[i][1])
            except Exception as exc:
                logger.warning("a batch failed (%s: %s); annotating its documents one by one", type(exc).__name__, exc)
                for _, i in todo:
                    if records[i] is None:
                        records[i] = self._annotate_one(self._input(chunk[i][1], chunk[i][0]), i, chunk[i], failures)
        for i in long:
            records[i] = self._annotate_long(chunk[i][0], chunk[i][1], spill)
        for i, record in enumerate(records):
            if record is None:  # dropped by spaCy after a component error
                doc_in = chunk[i][0]
                message = failures.get(i, "the document was dropped by a pipeline component")
                record = error_record(doc_in.doc_id, "ComponentError", message, doc_in.source)
            yield record

    def _input(self, cleaned: CleanResult, doc_in: InputDocument) -> str | Doc:
        """What ``nlp.pipe`` gets: the text, or a Doc carrying the layout that cleaning
        took out of the markdown (``doc._.newsclaims_layout``, read by the structure stage)
        and the day the article speaks of (``doc._.newsclaims_date``: ``source.date``, else
        the run's ``as_of``; the linker gives people the role they held that day)."""
        day = article_day(doc_in.source.date) or self.as_of
        if not cleaned.layout and day is None:
            return cleaned.text
        doc = self.nlp.make_doc(cleaned.text)
        if cleaned.layout:
            doc._.newsclaims_layout = cleaned.layout
        if day is not None:
            doc._.newsclaims_date = day
        return doc

    def _annotate_one(self, text: str | Doc, i: int, item, failures: dict[int, str]) -> AnnotationRecord | None:
        doc_in, cleaned, _ = item
        try:
            for doc, _ in self.nlp.pipe([(text, i)], as_tuples=True):
                return self._record(doc, doc_in, cleaned)
        except Exception as exc:
            failures[i] = f"{type(exc).__name__}: {exc}"
        return None

    def _annotate_long(self, doc_in: InputDocument, cleaned: CleanResult, spill: bool = False) -> AnnotationRecord | SpilledRecord:
        """A text longer than one piece: annotate block-aligned pieces, stitch offsets.

        Each piece runs in its own memory zone (the strings it adds to the vocabulary are
        freed after it) and its record goes straight into the merger, so what is held
        is one piece's Doc and the merged items (none with ``spill``)."""
        text = cleaned.text
        merger = None
        try:
            blocks = parse_blocks(text, cleaned.layout, cells=False)  # a long table's rows are read again when written
            points = split_points(text, self._piece_chars(), cleaned.layout, blocks)
            merger = RecordMerger(text, blocks=blocks, spill=spill)
            del blocks  # the merger keeps what it needs of them
            source = cleaning = None
            layout_all = sorted(cleaned.layout)
            layout_starts = [a for a, _, _ in layout_all]
            for start, end in points:
                first = bisect.bisect_left(layout_starts, start)  # not a scan of the whole layout per piece
                last = bisect.bisect_left(layout_starts, end, first)
                layout = tuple((a - start, b - start, kind) for a, b, kind in layout_all[first:last] if b <= end)
                piece = CleanResult(text=text[start:end], fixes=cleaned.fixes, flags=cleaned.flags, layout=layout)
                with self.nlp.memory_zone():
                    record = self._record(self.nlp(self._input(piece, doc_in)), doc_in, piece)
                if record.status == "error":
                    merger.close()
                    return record
                if source is None:  # the first piece's source (authors of its byline) and cleaning
                    source, cleaning = record.source, record.cleaning
                merger.add(start, record)  # the piece's record is not kept
                del record, piece
            if spill:
                return merger.spill(doc_in.doc_id, source, cleaning)
            return merger.record(doc_in.doc_id, source, cleaning)
        except Exception as exc:
            if merger is not None:
                merger.close()
            logger.exception("annotating the long document %s failed", doc_in.doc_id)
            return error_record(doc_in.doc_id, "ComponentError", f"{type(exc).__name__}: {exc}", doc_in.source)

    def _piece_chars(self) -> int:
        """Longest text annotated in one go: bounded, so memory does not grow with the document."""
        return min(self.nlp.max_length, PIECE_CHARS)

    def _prepare(self, doc_in: InputDocument) -> tuple[AnnotationRecord | None, CleanResult | None]:
        if doc_in.error is not None:
            return error_record(doc_in.doc_id, doc_in.error[0], doc_in.error[1], doc_in.source), None
        if not isinstance(doc_in.text, str):
            return error_record(doc_in.doc_id, "MissingText", "the record has no text field (or it is not a string)", doc_in.source), None
        box = [doc_in.text]
        if doc_in.owned:
            doc_in.text = None  # the reader's copy: cleaning frees it as it goes (see InputDocument)
        try:
            cleaned = clean_owned_text(box, self.clean_config)
        except Exception as exc:  # a cleaner bug must not stop a batch
            logger.exception("cleaning failed for %s", doc_in.doc_id)
            return error_record(doc_in.doc_id, "CleaningError", f"{type(exc).__name__}: {exc}", doc_in.source), None
        if not cleaned.text.strip():
            return error_record(doc_in.doc_id, "EmptyText", "the document has no text after cleaning", doc_in.source), None
        return None, cleaned

    def _record(self, doc: Doc, doc_in: InputDocument, cleaned: CleanResult) -> AnnotationRecord:
        try:
            return doc_to_record(doc, doc_in.doc_id, cleaned, doc_in.source)
        except Exception as exc:
            logger.exception("building the record failed for %s", doc_in.doc_id)
            return error_record(doc_in.doc_id, "RecordError", f"{type(exc).__name__}: {exc}", doc_in.source)


def _collect_failures(failures: dict[int, str]):
    """A spaCy error handler that notes why a document failed instead of raising.

    spaCy drops the document; :meth:`Annotator._annotate_chunk` turns the note into an
    error record. (Set as ``nlp.default_error_handler``: it covers newsclaims'
    components; ``Language.set_error_handler`` fails on Cython pipes in spaCy 3.8.)
    """

    def handler(proc_name: str, proc, docs: list[Doc], exc: Exception) -> None:
        for doc in docs:
            position = getattr(doc, "_context", None)
            if isinstance(position, int):
                failures[position] = f"{proc_name}: {type(exc).__name__}: {exc}"
        logger.warning("component %s failed: %s", proc_name, exc)

    return handler


def load(
    config_path: str | Path | None = None,
    *,
    model: str | None = None,
    overrides: dict[str, Any] | None = None,
    fast: bool = False,
    as_of: str | None = None,
) -> Annotator:
    """Build the annotator from ``configs/pipeline.cfg`` (or ``config_path``).

    ``model`` replaces the base spaCy model (``paths.base_model``); ``overrides`` are
    dotted spaCy config overrides, e.g. ``{"components.newsclaims_entities.drop_common_noun_phrases": False}``.
    ``fast`` swaps the dependency parser for the model's small sentence recogniser
    (see :func:`fast_config`): faster, but the extractors that read the parse find less.
    ``as_of`` (an ISO date) is the day of documents without ``source.date``: people get
    the roles they held then (with a gazetteer that has dated roles).
    """
    overrides = dict(overrides or {})
    if model:
        overrides["paths.base_model"] = model
    config = load_pipeline_config(config_path, overrides)
    clean_config = clean_config_from(config)
    nlp_config = {k: v for k, v in config.items() if k != "cleaning"}
    if fast:
        nlp_config = fast_config(nlp_config)
    nlp = spacy.util.load_model_from_config(spacy.util.load_config_from_str(config.__class__(nlp_config).to_str()), auto_fill=True)
    restore_lookups(nlp, config["paths"]["base_model"])
    restore_vectors(nlp, config["paths"]["base_model"])
    return Annotator(nlp, clean_config, as_of)


def restore_lookups(nlp: Language, base_model: str) -> bool:
    """Give ``nlp`` the base model's lookups tables (``lexeme_norm``).

    spaCy leaves lookups out when it sources components, so ``token.norm_`` (a feature of
    tok2vec and ner) would differ from ``spacy.load(base_model)`` for the spellings the
    table maps ("defence" -> "defense") and a few entities with them. Loading the
    vocabulary's lookups resets the lexeme cache, as ``spacy.load`` does after building
    the components. Returns whether a table was found.
    """
    vocab_dir = _model_vocab_dir(base_model)
    if vocab_dir is None or not (vocab_dir / "lookups.bin").exists():
        return False
    nlp.vocab.from_disk(vocab_dir, exclude=["strings", "vectors"])
    return True


def restore_vectors(nlp: Language, base_model: str) -> bool:
    """Give ``nlp`` the base model's word vectors (en_core_web_md / lg, any model with vectors).

    Sourced components keep their weights but not the source's vectors: spaCy expects
    them from ``[initialize] vectors``, which a loaded (not trained) pipeline never runs.
    A component whose tok2vec reads static vectors then fails on every document (an
    IndexError in StaticVectors). The vectors are read from the model's ``vocab/``, as
    ``spacy.load`` does. Returns whether the model had vectors.
    """
    vocab_dir = _model_vocab_dir(base_model)
    if vocab_dir is None or not (vocab_dir / "vectors").exists():
        return False
    vectors = Vectors().from_disk(vocab_dir, exclude=["strings"])
    if vectors.shape[0] * vectors.shape[1] == 0:
        return False
    nlp.vocab.vectors = vectors
    return True


def _model_vocab_dir(name: str) -> Path | None:
    """``vocab/`` of an installed model package or of a model directory."""
    if spacy.util.is_package(name):
        return next(spacy.util.get_package_path(name).glob("*/vocab"), None)
    path = Path(name)
    return path / "vocab" if (path / "vocab").is_dir() else None


FAST_DROPPED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def fast_config(nlp_config: dict) -> dict:
    """The ``--fast`` pipeline: only the model's ``ner`` (it has its own tok2vec) and its
    small ``senter`` (which keeps the sentence starts set by ``newsclaims_structure``);
    no shared tok2vec, tagger, parser, attribute ruler or lemmatizer. Entities, linking,
    agenda tables, topic lists and comparison tables work as usual; sentence topics,
    stance sentences, claims and meetings need the parse and are not extracted."""
    config = {key: dict(value) if isinstance(value, dict) else value for key, value in nlp_config.items()}
    pipeline = list(config["nlp"]["pipeline"])
    if "parser" not in pipeline or "ner" not in pipeline:
        return config
    source = config["components"]["ner"]["source"]
    pipeline = [name for name in pipeline if name not in FAST_DROPPED]
    pipeline.insert(pipeline.index("ner"), "senter")
    config["nlp"] = {**config["nlp"], "pipeline": pipeline}
    components = {name: value for name, value in config["components"].items() if name not in FAST_DROPPED}
    components["senter"] = {"source": source}
    config["components"] = components
    return config
