"""Long documents in batch runs: the merged record is written to a temporary file as it is
built (pipeline/spill.py) and copied into the output, byte for byte what the in-memory
record would give; memory therefore does not grow with the number of mentions."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.api as api
from conftest import SAMPLES
from pipeline.batch import run_batch
from pipeline.chunking import count_words
from pipeline.io import InputDocument, read_inputs
from pipeline.schema import AnnotationRecord, Source
from pipeline.spill import SpilledRecord


def _long_text() -> str:
    """Several samples, every paragraph marked so that duplicate removal keeps them all."""
    parts = []
    for k, path in enumerate(sorted(SAMPLES.glob("*.txt"))[:4]):
        text = path.read_text(encoding="utf-8")
        parts.append("\n\n".join(f"{p} [{k}]" if p.strip() else p for p in text.split("\n\n")))
    return "\n\n".join(parts)


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of 3,000 characters, so a few samples make a 'long' document."""
    monkeypatch.setattr(api, "PIECE_CHARS", 3_000)


def test_spilled_line_equals_the_in_memory_record(annotator, small_pieces):
    text = _long_text()
    doc = InputDocument("long", text, Source(date="2024-05-01", url="https://example.org/a"))
    in_memory = next(annotator.annotate_stream([doc]))
    spilled = next(annotator.annotate_stream([doc], spill=True))
    assert isinstance(spilled, SpilledRecord) and not isinstance(in_memory, SpilledRecord)
    assert len(in_memory.entities) > 50 and in_memory.claims and in_memory.blocks
    handle = io.StringIO()
    spilled.write_to(handle)
    assert handle.getvalue() == in_memory.model_dump_json()
    assert spilled.to_record() == AnnotationRecord.model_validate_json(in_memory.model_dump_json())
    assert spilled.words == len(in_memory.text.split())
    spilled.discard()
    assert not os.path.exists(spilled.path)


def test_batch_copies_spilled_records_and_removes_their_files(annotator, small_pieces, tmp_path, monkeypatch):
    """A run with long and short documents and a repeated id: one valid line per input, the
    long documents' lines equal to annotate()'s records, no temporary file left."""
    made: list[str] = []
    real_finish = api.RecordMerger.spill

    def tracking(self, *args):
        record = real_finish(self, *args)
        made.append(record.path)
        return record

    monkeypatch.setattr(api.RecordMerger, "spill", tracking)
    text = _long_text()
    dump = tmp_path / "dump.jsonl"
    lines = [{"id": "long", "text": text}, {"id": "short", "text": "Lula met Ruto in Nairobi on Monday."},
             {"id": "long", "text": text.replace("[0]", "[9]")}]
    dump.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch(read_inputs([dump]), out, lambda: annotator, progress=False)
    records = [AnnotationRecord.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.doc_id for r in records] == ["long", "short", "long#2"]
    assert records[2].source.id == "long" and stats.duplicate_ids == 1
    assert all(r.status == "ok" for r in records)
    assert len(made) == 2 and not any(os.path.exists(p) for p in made)
    expected = annotator.annotate(text, doc_id="long", source=records[0].source)
    assert records[0] == expected
    assert stats.words == sum(len(r.text.split()) for r in records)


def test_a_failing_piece_gives_an_error_record_and_no_temporary_file(annotator, small_pieces, monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    calls = {"n": 0}
    real = api.Annotator._record

    def failing(self, doc, doc_in, cleaned):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated failure in the third piece")
        return real(self, doc, doc_in, cleaned)

    monkeypatch.setattr(api.Annotator, "_record", failing)
    record = next(annotator.annotate_stream([InputDocument("long", _long_text(), Source())], spill=True))
    assert record.status == "error" and "simulated failure" in record.error.message
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2003\u200b.")))
def test_count_words_is_len_split(text):
    assert count_words(text) == len(text.split())


def test_reader_documents_give_up_their_text_and_user_documents_keep_it(tmp_path, annotator):
    """A long article is held once: the reader keeps no copy of its bytes or text, and
    the annotator takes the text out of the documents readers made (``owned``) while
    cleaning; documents a caller built keep their text."""
    from pipeline.clean import CleanConfig, clean_owned_text, clean_text
    from pipeline.io import InputDocument, read_inputs
    from pipeline.schema import Source

    text = "Erdoğan met Putin in Ashgabat.\n\nErdoğan met Putin in Ashgabat.\n\nThe talks went on."
    box = [text]
    assert clean_owned_text(box, CleanConfig()) == clean_text(text) and box == []
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    seen = []

    def keep(documents):
        for doc in documents:
            seen.append(doc)
            yield doc

    mine = InputDocument("mine", text, Source())
    assert [r.status for r in annotator.annotate_stream(keep([*read_inputs([tmp_path]), mine]))] == ["ok", "ok"]
    assert seen[0].owned and seen[0].text is None
    assert not mine.owned and mine.text == text
