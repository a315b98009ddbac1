"""The real-news gold set: its rewrite check and its consistency check pass, and its size
and split are what data/gold/realnews/README.md says (its quality floors are in
test_quality_gate.py; the held-out part is only reported)."""

import importlib.util

from conftest import GOLD
from pipeline.evaluate import load_gold

REALNEWS = GOLD / "realnews"


def _script(name):
    spec = importlib.util.spec_from_file_location(name, REALNEWS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_realnews_no_copied_runs_of_source_text(capsys):
    assert _script("rewrite_check").check_all() == 0, capsys.readouterr().out


def test_realnews_rewrite_check_finds_a_copied_run(tmp_path):
    check = _script("rewrite_check")
    source = "The two ministers agreed on Tuesday to expand rail freight across the border by next spring."
    copied = "Officials said the two ministers agreed on Tuesday to expand rail freight quickly."
    reworded = "On Tuesday both ministers backed more cross-border freight by rail, officials said."
    hashes = set(check.fingerprint(source))
    assert check.copied_runs(copied, hashes) == ["the two ministers agreed on Tuesday to expand rail freight"]
    assert check.copied_runs(reworded, hashes) == []
    # names and titles do not count towards a run
    names = "Prime Minister of the Republic of Korea Lee Jae-myung"
    assert check.copied_runs(f"Then {names} spoke.", set(check.fingerprint(f"Yesterday {names} arrived."))) == []


def test_realnews_gold_is_consistent(capsys):
    assert _script("check_gold").main([]) == 0, capsys.readouterr().out


def test_realnews_set_size_and_split():
    dev, heldout = load_gold(REALNEWS / "dev"), load_gold(REALNEWS / "heldout")
    assert len(dev) >= 25 and len(heldout) >= 15 and not set(dev) & set(heldout)
    rows = (REALNEWS / "sources.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(r.split("\t")[0] + ".txt" for r in rows) == sorted([*dev, *heldout])
    assert len({r.split("\t")[2] for r in rows}) >= 10 and len({r.split("\t")[3] for r in rows}) >= 6
