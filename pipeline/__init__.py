"""newsclaims: structured, traceable annotations for dumps of news articles.

``from pipeline import load`` is the entry point; submodules are imported lazily so that
``import pipeline.clean`` stays light (no spaCy import).
"""

import logging
from importlib import import_module

__version__ = "0.1.0"
__all__ = ["Annotator", "AnnotationRecord", "InputDocument", "SCHEMA_VERSION", "load", "__version__"]

logging.getLogger("newsclaims").addHandler(logging.NullHandler())

_LAZY = {
    "Annotator": "api",
    "InputDocument": "io",
    "load": "api",
    "AnnotationRecord": "schema",
    "SCHEMA_VERSION": "schema",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
