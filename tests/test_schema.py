"""The output contract: offsets are checked, errors are well-formed, the schema is generated."""

import json

import pytest
from pydantic import ValidationError

from pipeline.schema import AnnotationRecord, Entity, error_record, json_schema


def test_schema_offsets_must_match_text():
    text = "Putin met Erdoğan."
    ok = Entity(text="Erdoğan", label="PERSON", start=10, end=17, block=0, canonical="Recep Tayyip Erdoğan")
    AnnotationRecord(doc_id="d", text=text, entities=[ok])
    bad = ok.model_copy(update={"start": 9})
    with pytest.raises(ValidationError, match="does not equal"):
        AnnotationRecord(doc_id="d", text=text, entities=[bad])


def test_schema_rejects_out_of_range_and_unknown_fields():
    with pytest.raises(ValidationError):
        AnnotationRecord(doc_id="d", text="abc", entities=[Entity(text="x", label="PERSON", start=2, end=9, block=None, canonical="x")])
    with pytest.raises(ValidationError):
        AnnotationRecord(doc_id="d", text="abc", surprise=1)


def test_schema_error_record_shape():
    rec = error_record("x.txt", "EmptyText", "no text")
    data = json.loads(rec.model_dump_json())
    assert data["status"] == "error" and data["error"] == {"type": "EmptyText", "message": "no text"}
    assert data["entities"] == [] and data["topics"] == [] and data["schema_version"] == "1.2"
    with pytest.raises(ValidationError):
        AnnotationRecord(doc_id="d", status="error")


def test_schema_json_schema_lists_contract_fields():
    schema = json.loads(json_schema())
    for field in ["schema_version", "doc_id", "status", "error", "source", "title", "text", "cleaning",
                  "blocks", "entities", "actors", "topics", "positions", "claims", "events"]:
        assert field in schema["properties"]
