"""One file per frame, for DuckDB, Polars, Spark or a spreadsheet.

Parquet (pyarrow) keeps the dtypes: categoricals become dictionary columns, tuples
(``claims.speaker_canonical``, ``events.participants``) become ``list<string>``, and
``pandas.read_parquet`` gives back the same frames. CSV joins those tuples with
``"; "`` and loses the dtypes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .frames import FRAMES, AnalysisError, Annotations, load_annotations

FORMATS = ("parquet", "csv")
LIST_SEPARATOR = "; "


def export(source, out_dir: str | Path, *, format: str = "parquet") -> list[Path]:
    """Write ``documents``, ``entities``, ... ``errors`` as ``out_dir/<frame>.<format>``; returns the paths.

    ``source``: an :class:`Annotations` or what :func:`load_annotations` accepts.
    ``format``: ``"parquet"`` or ``"csv"``.
    """
    fmt = format.lower()
    if fmt not in FORMATS:
        raise AnalysisError(f"[analysis.E007] unknown export format {format!r}; use one of {', '.join(FORMATS)}.")
    ann = source if isinstance(source, Annotations) else load_annotations(source)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FRAMES:
        frame = getattr(ann, name)
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            _parquet_ready(frame).to_parquet(path, index=False, engine="pyarrow")
        else:
            _csv_ready(frame).to_csv(path, index=False)
        written.append(path)
    return written


def _tuple_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object]


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples -> lists (pyarrow infers list<string> for both; lists also read back as arrays)."""
    return _map_sequences(frame, lambda v: list(v) if isinstance(v, tuple) else v)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples and lists -> one string joined by ``LIST_SEPARATOR``."""
    return _map_sequences(frame, lambda v: LIST_SEPARATOR.join(v) if isinstance(v, (tuple, list)) else v)


def _map_sequences(frame: pd.DataFrame, convert) -> pd.DataFrame:
    """``convert`` applied to every value of the object columns (a copy; ``frame`` if none)."""
    columns = _tuple_columns(frame)
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        frame[column] = [convert(v) for v in frame[column]]
    return frame
    frame = frame.copy()
    for column in columns:
        frame[column] = [LIST_SEPARATOR.join(v) if isinstance(v, (tuple, list)) else v for v in frame[column]]
    return frame
