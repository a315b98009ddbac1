"""Accuracy floors on the development gold sets. Lowering one is an explicit, visible change."""

import pytest


from conftest import GOLD, MARKUP, REALNEWS_DEV, REALPAGES
from pipeline.evaluate import load_gold, macro_f1, score_all, score_titles
from pipeline.gazetteer import Gazetteer

# Sample-style development set, measured 2026-11-27 on data/gold (14 documents): PERSON
# 0.961, COUNTRY 0.993, PLACE 0.893, ORG 0.756, NORP 0.950, topics 0.885, positions 0.680,
# claims 0.959, events 1.000, macro 0.897 (2026-12-03: topics 0.906, positions 0.752,
# macro 0.908; session 5: topics 0.929, positions 0.759, claims+speaker 0.938, macro 0.911).
# Floors sit a little below.
SAMPLE_FLOORS = {"PERSON": 0.92, "COUNTRY": 0.95, "PLACE": 0.85, "ORG": 0.70, "NORP": 0.90,
                 "topics": 0.89, "topics+category": 0.84, "positions": 0.72, "claims": 0.92,
                 "claims+speaker": 0.90, "events": 0.90, "events+place": 0.75}

# Real-news development set (data/gold/realnews/dev, 28 articles), measured 2026-12-03
# (session 5): PERSON 0.903, COUNTRY 0.982, PLACE 0.723, ORG 0.565, NORP 0.922, topics 0.877
# (+category 0.778), positions 0.736 (+category 0.571), claims 0.907 (+speaker 0.763),
# events 0.895 (+place 0.789), macro 0.834. Raising a floor is the point of tuning.
REALNEWS_FLOORS = {"PERSON": 0.87, "COUNTRY": 0.95, "PLACE": 0.69, "ORG": 0.53, "NORP": 0.89,
                   "topics": 0.84, "topics+category": 0.74, "positions": 0.70, "positions+category": 0.53,
                   "claims": 0.87, "claims+speaker": 0.72, "events": 0.85, "events+place": 0.74}

# Session 8 (2026-12-04), scored with the gold's aliases (pipeline/evaluate.py): PERSON 0.972,
# PLACE 0.809, ORG 0.695, macro 0.871.
REALNEWS_FLOORS.update({"PERSON": 0.93, "PLACE": 0.77, "ORG": 0.65})
# Session 9: the dev part grew from 28 to 48 articles (20 new ones, scored once before any
# tuning on them: topics 0.575, positions 0.471, events 0.333). The 48 measured before
# tuning: PERSON 0.967, COUNTRY 0.986, PLACE 0.805, ORG 0.696, NORP 0.940, topics 0.783
# (+category 0.638), positions 0.635 (+category 0.407), claims 0.897 (+speaker 0.716),
# events 0.622 (+place 0.486), macro 0.814. The floors follow the larger set.
REALNEWS_FLOORS.update({"PERSON": 0.93, "COUNTRY": 0.95, "PLACE": 0.77, "ORG": 0.66, "NORP": 0.90,
                        "topics": 0.75, "topics+category": 0.60, "positions": 0.60, "positions+category": 0.37,
                        "claims": 0.86, "claims+speaker": 0.68, "events": 0.58, "events+place": 0.45})
# After session 9's tuning (events, topics, names): PERSON 0.977, topics 0.829 (+category
# 0.636), positions 0.661 (+category 0.442), claims+speaker 0.724, events 0.821 (+place
# 0.641), macro 0.846.
REALNEWS_FLOORS.update({"PERSON": 0.95, "topics": 0.80, "positions": 0.63, "positions+category": 0.41,
                        "claims+speaker": 0.70, "events": 0.78, "events+place": 0.60})
# Session 10: 8 more dev articles (56; scored before tuning: topics 0.583, positions 0.640,
# claims+speaker 0.594, events 0.545, macro 0.762). The 56 with session 10's first rules:
# PERSON 0.961, topics 0.809 (+category 0.667), positions 0.670 (+category 0.457),
# claims+speaker 0.708, events 0.768 (+place 0.667), macro 0.835.
REALNEWS_FLOORS.update({"PERSON": 0.94, "topics": 0.78, "topics+category": 0.64, "positions+category": 0.43,
                        "claims+speaker": 0.69, "events": 0.74, "events+place": 0.64})
# Then 8 more (64; scored before tuning: topics 0.444, positions 0.449, claims+speaker 0.523,
# events 0.737, macro 0.746); the 64 before tuning on them: topics 0.783 (+category 0.634),
# positions 0.648 (+category 0.437), claims+speaker 0.688, events 0.790 (+place 0.706), macro 0.830.
REALNEWS_FLOORS.update({"topics": 0.76, "topics+category": 0.61, "positions": 0.62, "positions+category": 0.41,
                        "claims+speaker": 0.66, "events": 0.76, "events+place": 0.68})
# And 8 more (72; before tuning on them: topics 0.556, positions 0.676, claims+speaker 0.765,
# events 0.364, macro 0.756). The 72 with today's rules: PERSON 0.948, topics 0.788 (+category
# 0.636), positions 0.659 (+category 0.424), claims+speaker 0.696, events 0.785 (+place 0.708),
# macro 0.831.
REALNEWS_FLOORS.update({"PERSON": 0.93, "topics": 0.77, "topics+category": 0.61, "positions": 0.63,
                        "positions+category": 0.40, "claims+speaker": 0.67, "events": 0.76, "events+place": 0.68})
# And 4 more (76; before tuning on them: events 0.0 of 14 (a summit's ten bilaterals named by
# office), macro 0.642). The 76 before tuning on them: events 0.730 (+place 0.662), macro 0.823.
REALNEWS_FLOORS.update({"events": 0.70, "events+place": 0.63})
# After session 10's tuning (76 articles): PERSON 0.952, COUNTRY 0.993, PLACE 0.831, ORG 0.676,
# topics 0.791 (+category 0.630), positions 0.671 (+category 0.435), claims+speaker 0.707,
# events 0.803 (+place 0.764), macro 0.837.
REALNEWS_FLOORS.update({"PERSON": 0.94, "COUNTRY": 0.97, "PLACE": 0.80, "topics": 0.77, "topics+category": 0.61,
                        "positions": 0.65, "positions+category": 0.42, "claims+speaker": 0.69,
                        "events": 0.78, "events+place": 0.74})
# Session 11: 12 more dev articles (88; scored before tuning on them: macro 0.842 and 0.828,
# positions 0.622 and 0.636, events+place 0.211 and 0.500). The 88 after session 11's rules
# (scorer fixed for gold aliases): PERSON 0.966, PLACE 0.856, ORG 0.743, topics 0.780
# (+category 0.668), positions 0.687 (+category 0.470), claims+speaker 0.748, events 0.845
# (+place 0.749), macro 0.854.
REALNEWS_FLOORS.update({"PLACE": 0.83, "ORG": 0.72, "topics": 0.76, "topics+category": 0.64, "positions": 0.66,
                        "positions+category": 0.45, "claims+speaker": 0.72, "events": 0.81, "events+place": 0.72})
# Session 13 (88): PERSON 0.973, PLACE 0.866, ORG 0.781, topics 0.794 (+category 0.679),
# positions 0.710 (+category 0.482), claims 0.907, claims+speaker 0.797, events 0.878 (+place
# 0.815), macro 0.870.
REALNEWS_FLOORS.update({"PERSON": 0.95, "ORG": 0.75, "topics": 0.77, "topics+category": 0.65, "positions": 0.68,
                        "positions+category": 0.46, "claims+speaker": 0.77, "events": 0.84, "events+place": 0.78})
# Session 14: 24 more dev articles (112; scored before tuning on them, with commit e44a5c8:
# PERSON 0.883, ORG 0.684, topics 0.634 (+category 0.407), positions 0.497 (+category 0.324),
# claims+speaker 0.589, events 0.667 (+place 0.540), macro 0.775). The 112 before tuning on
# them (commit 6043bf0): PERSON 0.960, PLACE 0.851, ORG 0.778, topics 0.759 (+category 0.619),
# positions 0.687 (+category 0.462), claims+speaker 0.752, events 0.836 (+place 0.750), macro 0.855.
REALNEWS_FLOORS.update({"topics": 0.74, "topics+category": 0.60, "positions+category": 0.45,
                        "claims+speaker": 0.73, "events": 0.81, "events+place": 0.73})
# Then 18 more (130; scored before tuning on them, commit 1a46881: topics 0.637 (+category
# 0.571), positions 0.632 (+category 0.451), claims+speaker 0.729, events 0.756 (+place 0.622),
# macro 0.815). The 130 before tuning on them: topics 0.742 (+category 0.612), positions 0.704
# (+category 0.476), claims+speaker 0.775, events 0.846 (+place 0.748), macro 0.856.
# Then 12 more (142; scored before tuning on them, commits c692b9d and af6ee3e: macro 0.678 and
# 0.778, positions 0.400 and 0.458, events+place 0.222 and 0.400). The 142 before tuning on them:
# topics 0.736 (+category 0.591), positions 0.695 (+category 0.472), claims+speaker 0.762,
# events 0.829 (+place 0.750), macro 0.851.
REALNEWS_FLOORS.update({"topics": 0.72, "topics+category": 0.58})
# After session 14's rules (142): PERSON 0.961, PLACE 0.860, ORG 0.762, topics 0.736 (+category
# 0.591), positions 0.704 (+category 0.477), claims 0.903, claims+speaker 0.779, events 0.853
# (+place 0.761), macro 0.856.
REALNEWS_FLOORS.update({"PERSON": 0.95, "PLACE": 0.84, "positions": 0.69, "positions+category": 0.46,
                        "claims": 0.89, "claims+speaker": 0.76, "events": 0.84, "events+place": 0.75})

# Real HTML pages, development part (data/gold/realpages/dev, 15 pages), measured 2026-12-04
# (session 8): PERSON 0.950, COUNTRY 0.957, PLACE 0.894, ORG 0.600, NORP 0.889, macro 0.858,
# title 15/15 (before this work, commit f1344fa: 0.748, 0.957, 0.776, 0.475, 0.889, macro 0.769).
REALPAGES_FLOORS = {"PERSON": 0.92, "COUNTRY": 0.92, "PLACE": 0.86, "ORG": 0.55, "NORP": 0.85}
# Session 10 (20 pages, 5 of them new): PERSON 0.951, COUNTRY 0.966, PLACE 0.906, ORG 0.725,
# NORP 0.895, macro 0.888, titles 20/20.
REALPAGES_FLOORS.update({"PERSON": 0.93, "ORG": 0.69})
# Session 11: ORG 0.771, COUNTRY 0.973, macro 0.899.
REALPAGES_FLOORS.update({"ORG": 0.74, "COUNTRY": 0.95})
# Session 13: PERSON 0.969, ORG 0.791.
REALPAGES_FLOORS.update({"PERSON": 0.95, "ORG": 0.76})
# Session 14: 10 more dev pages (30; scored before tuning on them: PERSON 0.905, PLACE 0.720,
# ORG 0.552, titles 10/10). The 30 before tuning on them: PERSON 0.951, COUNTRY 0.971, PLACE
# 0.852, ORG 0.694, NORP 0.879, titles 30/30.
REALPAGES_FLOORS.update({"PERSON": 0.93, "PLACE": 0.83, "ORG": 0.67})
# After session 14's rules (30): PERSON 0.954, PLACE 0.852, ORG 0.694, macro 0.870.
REALPAGES_FLOORS.update({"PERSON": 0.94, "PLACE": 0.84, "ORG": 0.68})
# Session 11, sample-style dev: PLACE 0.926 (a place runs on over "crossing", "field", ...).
SAMPLE_FLOORS.update({"PLACE": 0.90})

GATES = {"samples": (GOLD, "sample_records", SAMPLE_FLOORS, 0.88),
         "realnews": (REALNEWS_DEV, "realnews_dev_records", REALNEWS_FLOORS, 0.85),
         "realpages": (REALPAGES / "dev", "realpages_dev_records", REALPAGES_FLOORS, 0.86)}


@pytest.fixture(scope="module")
def scores(request):
    cache = {}

    def get(name):
        if name not in cache:
            gold, fixture, _, _ = GATES[name]
            cache[name] = score_all(load_gold(gold), request.getfixturevalue(fixture), gazetteer=Gazetteer.from_path(None))
        return cache[name]

    return get


@pytest.mark.parametrize("gate, label", [(g, label) for g, (_, _, floors, _) in GATES.items() for label in sorted(floors)])
def test_quality_gate_f1_floor(scores, gate, label):
    score = scores(gate)[label]
    assert score.f1 >= GATES[gate][2][label], "\n".join(score.errors)


@pytest.mark.parametrize("gate", sorted(GATES))
def test_quality_gate_macro_f1_floor(scores, gate):
    assert macro_f1(scores(gate)) >= GATES[gate][3]


def test_quality_gate_realpages_titles(realpages_dev_records):
    titles = score_titles(load_gold(REALPAGES / "dev"), realpages_dev_records)
    assert titles.total == len(list((REALPAGES / "dev").glob("*.json"))) and titles.accuracy >= 0.93, "\n".join(titles.errors)




def test_quality_gate_realpages_text_has_no_markup(realpages_records):
    """Every real page, held-out part included: no markdown or HTML left in ``text``."""
    assert len(realpages_records) == len(list(REALPAGES.glob("*/pages/*.html")))
    for doc_id, record in realpages_records.items():
        assert record.status == "ok", doc_id
        match = MARKUP.search(record.text)
        assert match is None, (doc_id, record.text[max(0, match.start() - 40):match.end() + 40])
