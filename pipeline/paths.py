"""Where bundled data lives.

The package reads its data (gazetteer, cleaning patterns, configs) from the repository's
``models/`` and ``configs/`` folders. In a wheel the same folders are shipped inside the
package as ``pipeline/_resources/``; both layouts are looked up here, and nowhere else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _resource_root() -> Path:
    """The folder that holds ``models/`` and ``configs/`` (repo checkout or wheel)."""
    bundled = _PACKAGE_DIR / "_resources"
    if (bundled / "models").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def models_dir() -> Path:
    """The bundled ``models/`` folder (gazetteer, cleaning patterns, rule data)."""
    return _resource_root() / "models"


def configs_dir() -> Path:
    """The bundled ``configs/`` folder (spaCy pipeline config)."""
    return _resource_root() / "configs"


def read_json(path: str | Path | None, *default: str, root: Path | None = None) -> dict:
    """A JSON data file: ``path`` when given, else ``models/<default...>`` (or ``root``)."""
    import json

    file = Path(path) if path else (root or models_dir()).joinpath(*default)
    return json.loads(file.read_text(encoding="utf-8"))
