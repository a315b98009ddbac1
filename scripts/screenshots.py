"""Screenshots of the view page in headless Chromium, at desktop and phone width (docs/img/).

    python scripts/screenshots.py out/annotations.jsonl --doc xi-putin-beijing.md

Writes ``docs/img/view-desktop.png`` (1280 px wide) and ``docs/img/view-phone.png``
(390 px, an iPhone's CSS width) of ``newsclaims view``'s page. Needs Chromium
(Debian: ``apt-get install chromium``); it runs with no network and a fresh profile.
Look at both PNGs before committing them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"view-desktop.png": (1280, 1500), "view-phone.png": (390, 1800)}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def screenshot(page: Path, out: Path, width: int, height: int, browser: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={out}", page.resolve().as_uri()], check=True, capture_output=True, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("annotations", nargs="+")
    parser.add_argument("--doc", default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--browser", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipeline.analysis import view

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "view.html"
        view(args.annotations, args.doc, page)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, (width, height) in SIZES.items():
            screenshot(page, args.out / name, width, height, args.browser)
            print(args.out / name)


if __name__ == "__main__":
    main()
