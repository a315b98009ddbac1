"""The per-Doc caches must not keep documents (and their memory) alive."""

import gc
import weakref

from pipeline import doccache


def test_caches_release_documents(annotator):
    texts = [
        "Vladimir Putin met Recep Tayyip Erdoğan in Ashgabat on Tuesday.",
        "Emmanuel Macron said France was ready to help, according to officials.",
        "Xi Jinping hosted Lula in Beijing. The leaders discussed trade and climate.",
    ]
    refs = []
    for text in texts:
        doc = annotator.nlp(text)
        assert doccache.doc_text(doc) == doc.text
        assert doccache.doc_ents(doc) == tuple(doc.ents)
        refs.append(weakref.ref(doc))
        del doc
    gc.collect()
    alive = [r for r in refs if r() is not None]
    assert len(alive) <= 1  # at most the last document, in the one-slot entity cache
    assert len(doccache._TEXTS) <= 1


def test_doc_ents_not_cached_before_linking(annotator):
    doc = annotator.nlp.make_doc("Angela Merkel visited Kyiv.")
    assert doccache.doc_ents(doc) == ()
    doc.user_data.pop(doccache.ENTS_FINAL, None)
    assert doccache._LAST_ENTS[0] is not doc
