"""Rebuild README's pictures: the plots of a dated corpus and the view page's screenshots (docs/img/).

    python scripts/readme_images.py            # needs Chromium for the screenshots (scripts/screenshots.py)

The plot corpus is the bundled samples plus the real-news development articles
(data/gold/realnews/dev/texts), each of those with its publication date from
data/gold/realnews/sources.tsv, so that topics over time has dates to draw. The
held-out articles are not used. Look at every PNG before committing it.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
PLOTS = ("leader_topic_heatmap.png", "cooccurrence.png", "topics_by_month.png", "quality_flags.png")


def corpus(path: Path) -> Path:
    """One JSONL file: every sample (no date) and every dev article with its date."""
    with open(ROOT / "data" / "gold" / "realnews" / "sources.tsv", encoding="utf-8") as handle:
        dates = {row["stem"]: row["date"] for row in csv.DictReader(handle, delimiter="\t") if row["split"] == "dev"}
    with open(path, "w", encoding="utf-8") as out:
        for sample in sorted((ROOT / "data" / "samples").iterdir()):
            out.write(json.dumps({"id": sample.name, "text": sample.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
        for article in sorted((ROOT / "data" / "gold" / "realnews" / "dev" / "texts").glob("*.txt")):
            out.write(json.dumps({"id": article.name, "text": article.read_text(encoding="utf-8"),
                                  "date": dates.get(article.stem)}, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        annotations = tmp / "annotations.jsonl"
        subprocess.run([python, "-m", "pipeline", "annotate", str(corpus(tmp / "corpus.jsonl")), "-o", str(annotations)],
                       check=True, cwd=ROOT)
        subprocess.run([python, "-m", "pipeline", "summarize", str(annotations), "--plots", str(tmp / "plots")],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        IMG.mkdir(parents=True, exist_ok=True)
        for name in PLOTS:
            (IMG / name).write_bytes((tmp / "plots" / name).read_bytes())
            print(IMG / name)
        subprocess.run([python, str(ROOT / "scripts" / "screenshots.py"), str(annotations), "--doc", "xi-putin-beijing.md",
                        "--out", str(IMG)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
