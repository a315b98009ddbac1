"""README stays true: every path it names exists, its layout list covers the repository,
and the counts it quotes are the repository's."""

import json
import re

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOP_LEVEL = {p.name for p in ROOT.iterdir()} - {"out"}  # out/ is what the commands write


def _layout_block() -> str:
    """The ``` block of the Development section that starts with ``pipeline/``."""
    match = re.search(r"^```\n(pipeline/ .*?)^```", README, re.MULTILINE | re.DOTALL)
    assert match, "README's Development section has no layout block starting with 'pipeline/'"
    return match.group(1)


def layout_paths() -> list[str]:
    """Paths of the layout list: the first word of each line, below its parent when indented."""
    paths, parent = [], ""
    for line in _layout_block().splitlines():
        indent = len(line) - len(line.lstrip())
        words = line.split()
        if not words or indent >= 12:  # a wrapped description
            continue
        name = words[0]
        if indent == 0:
            parent = name if name.endswith("/") else ""
            paths.append(name)
        else:
            paths.append(parent + name)
    return paths


def mentioned_paths() -> set[str]:
    """`code` spans and link targets in README that name a file or folder of the repository."""
    candidates = set(re.findall(r"`([^`\s]+)`", README)) | set(re.findall(r"\]\(([^)\s#]+)", README))
    return {c for c in candidates if "://" not in c and c.split("/")[0] in TOP_LEVEL and not re.search(r"[<>~]", c)}


def test_readme_layout_paths_exist():
    paths = layout_paths()
    assert "pipeline/" in paths and "pipeline/cli.py" in paths and len(paths) > 20
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"README's layout lists paths that do not exist: {missing}"


def _exists(mention: str) -> bool:
    """A path (or glob) that exists; a pytest node id (``tests/x.py::test_y``) whose test
    function is defined in that file."""
    path, _, test = mention.partition("::")
    found = list(ROOT.glob(path)) if "*" in path else [ROOT / path] if (ROOT / path).exists() else []
    if not found or not test:
        return bool(found)
    return re.search(rf"^(async )?def {re.escape(test)}\(", found[0].read_text(encoding="utf-8"), re.MULTILINE) is not None


def test_readme_mentioned_paths_exist():
    paths = mentioned_paths()
    assert "docs/example-input.jsonl" in paths and "configs/pipeline.cfg" in paths
    missing = [p for p in sorted(paths) if not _exists(p)]
    assert not missing, f"README names paths (or tests) that do not exist: {missing}"


def test_readme_layout_lists_every_module_and_data_folder():
    """A new module, package or data folder needs its line in the layout list."""
    block = _layout_block()
    words = set(re.findall(r"[\w.\-]+/?", block))
    expected = (
        [p.name for p in (ROOT / "pipeline").glob("*.py") if not p.name.startswith("__")]
        + [p.name + "/" for p in (ROOT / "pipeline").iterdir() if p.is_dir() and (p / "__init__.py").exists()]
        + [p.name + "/" for p in (ROOT / "models").iterdir() if p.is_dir()]
        + [p.name + "/" for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != "out"]
    )
    # a models/ folder appears as "models/NAME/" or inside the models/ line's description
    absent = [name for name in expected if name not in words and f"models/{name}" not in block]
    assert not absent, f"README's layout list does not mention: {absent}"


def _jsonl_labels(path):
    labels = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            label = json.loads(line).get("label")
            labels[label] = labels.get(label, 0) + 1
    return labels


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_readme_gazetteer_counts_are_current():
    pattern = (r"`models/gazetteer/entities\.jsonl` \(([\d,]+) entries: ([\d,]+) countries, ([\d,]+) places, "
               r"([\d,]+) organisations, ([\d,]+) demonyms, ([\d,]+) people\)")
    match = re.search(pattern.replace(" ", r"\s+"), README)
    assert match, "README no longer states the gazetteer's counts in the expected form"
    total, *quoted = (_number(g) for g in match.groups())
    labels = _jsonl_labels(ROOT / "models" / "gazetteer" / "entities.jsonl")
    actual = [labels.get(k, 0) for k in ("COUNTRY", "PLACE", "ORG", "NORP", "PERSON")]
    assert (total, quoted) == (sum(labels.values()), actual), (
        f"README says {total} entries {quoted}; the gazetteer has {sum(labels.values())} {actual} "
        "(COUNTRY, PLACE, ORG, NORP, PERSON)")


@pytest.mark.parametrize("pattern, folder, glob", [
    (r"\*\*sample-style dev\*\* \(`data/gold/\*\.json`\): the (\d+) bundled articles", "data/gold", "*.json"),
    (r"\*\*sample-style held-out\*\* \(`data/gold/heldout/`\): (\d+) articles", "data/gold/heldout", "*.json"),
    (r"\*\*real-news dev\*\* \(`data/gold/realnews/dev/`\): (\d+) articles", "data/gold/realnews/dev", "*.json"),
    (r"\*\*real-news held-out\*\* \(`data/gold/realnews/heldout/`\): (\d+) more", "data/gold/realnews/heldout", "*.json"),
])
def test_readme_gold_set_sizes_are_current(pattern, folder, glob):
    match = re.search(pattern, README)
    assert match, f"README no longer describes {folder} in the expected form"
    assert int(match.group(1)) == len(list((ROOT / folder).glob(glob))), f"README's count for {folder} is stale"


def test_readme_sample_count_is_current():
    samples = [p for p in (ROOT / "data" / "samples").iterdir() if p.suffix in (".txt", ".md", ".html")]
    match = re.search(r"the (\d+) bundled articles in `data/samples/`", README)
    assert match and int(match.group(1)) == len(samples)
