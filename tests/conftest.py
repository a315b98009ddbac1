"""Shared fixtures. The statistical model is loaded once per test session."""

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

# CI must pass or fail for the code, not for the draw: its profile replays the same examples
# every run. Local runs draw new examples each time and keep finding new failures.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
GOLD = ROOT / "data" / "gold"
REALNEWS_DEV = GOLD / "realnews" / "dev"
REALPAGES = GOLD / "realpages"
# Markdown or HTML left in a record's text (what HTML pages must never leave behind).
MARKUP = re.compile(r"\*\*|__|(?m:^#{1,6} )|\\[\[\]*_#()]|</?(?:sup|sub|span|em|strong|b|i|a|br|p|div)\b|(?m:^[ \t]*[-*+] )|`")


@pytest.fixture(scope="session")
def annotator():
    from pipeline import load

    return load()


@pytest.fixture(scope="session")
def realnews_dev_records(annotator):
    """The real-news development articles annotated once: {file name: AnnotationRecord}."""
    from pipeline.io import read_inputs

    return {r.doc_id: r for r in annotator.annotate_stream(read_inputs([REALNEWS_DEV / "texts"]))}


@pytest.fixture(scope="session")
def realpages_records(annotator):
    """The real HTML pages (development and held-out parts) annotated once: {file name: AnnotationRecord}."""
    from pipeline.io import read_inputs

    pages = [REALPAGES / "dev" / "pages", REALPAGES / "heldout" / "pages"]
    return {r.doc_id: r for r in annotator.annotate_stream(read_inputs(pages))}


@pytest.fixture(scope="session")
def realpages_dev_records(realpages_records):
    from pipeline.evaluate import load_gold

    return {d: realpages_records[d] for d in load_gold(REALPAGES / "dev") if d in realpages_records}


@pytest.fixture(scope="session")
def sample_records(annotator):
    """Every bundled sample annotated once: {file name: AnnotationRecord}."""
    from pipeline.io import read_inputs

    return {r.doc_id: r for r in annotator.annotate_stream(read_inputs([SAMPLES]))}


@pytest.fixture(scope="session")
def annotate(annotator):
    """Annotate a short text written in a test."""
    return lambda text, doc_id="test": annotator.annotate(text, doc_id=doc_id)
