"""Where a batch runs: the one place that chooses the engine.

``local`` is :func:`pipeline.batch.run_batch` (this process, or workers forked on this
machine); ``dask`` is :func:`pipeline.engine_dask.annotate_dask` (a Dask cluster, local or
remote). Both write the same OUT (or shards) and ``OUT.stats.json``. Dask is imported only
when its engine is chosen, so the core runs without the ``dask`` extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .batch import BatchStats, run_batch
from .io import InputError, check_input, check_output, limit_length, read_inputs
from .progress import InputCounter

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class AnnotatorSettings:
    """How to build the annotator, as plain values: what a remote worker is sent instead of
    the pipeline (each worker builds it once from these)."""

    config: str | None = None
    model: str | None = None
    fast: bool = False
    batch_size: int | None = None
    max_chars: int | None = None  # longer texts become TooLong error records (--max-chars)
    as_of: str | None = None  # the day of documents without source.date (--as-of)
    gazetteer: str | None = None  # another entities.jsonl (--gazetteer)

    def load(self):
        """The :class:`pipeline.api.Annotator` these settings describe."""
        from .api import load

        overrides = {"paths.gazetteer": self.gazetteer} if self.gazetteer else None
        annotator = load(self.config, model=self.model, fast=self.fast, as_of=self.as_of, overrides=overrides)
        if self.batch_size:
            annotator.nlp.batch_size = self.batch_size
        return annotator

    def portable(self) -> AnnotatorSettings:
        """The same settings with the config path made absolute (workers have another cwd)."""
        config = str(Path(self.config).absolute()) if self.config else None
        gazetteer = str(Path(self.gazetteer).absolute()) if self.gazetteer else None
        return AnnotatorSettings(config, self.model, self.fast, self.batch_size, self.max_chars, self.as_of, gazetteer)


class EngineUnavailable(InputError):
    """The chosen engine's optional dependencies are not installed."""


class PartitionError(RuntimeError):
    """A partition of a cluster run failed on every attempt; what was written stays resumable."""


def check_inputs(inputs: Sequence[str | Path]) -> None:
    """Raise :class:`InputError` for a missing input before any model or cluster starts."""
    for item in inputs:
        if str(item) != "-":
            check_input(item)


def annotate_inputs(
    inputs: Sequence[str | Path],
    output: Path,
    settings: AnnotatorSettings,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    shard_size: int | None = None,
    progress: bool = True,
    id_field: str = "id",
    text_field: str = "text",
    partition_size: int | None = None,
) -> BatchStats:
    """Annotate ``inputs`` into ``output`` with the chosen engine (``scheduler`` implies dask).

    ``workers``: forked processes (local) or local-cluster workers (dask, default one per
    core); ignored when ``scheduler`` names an existing cluster.
    """
    if scheduler and engine == "local":
        engine = "dask"
    if engine not in ENGINES:
        raise InputError(f"Unknown engine {engine!r}; choose one of {', '.join(ENGINES)}.")
    check_inputs(inputs)
    check_output(inputs, output, shard_size)
    if engine == "local":
        documents = limit_length(read_inputs(inputs, id_field=id_field, text_field=text_field), settings.max_chars)
        counter = InputCounter(inputs) if progress else None  # counts while the pipeline loads
        return run_batch(documents, output, settings.load, workers=workers or 1, resume=resume,
                         shard_size=shard_size, progress=progress, total=counter.result if counter else None)
    try:
        from .engine_dask import PARTITION_SIZE, annotate_dask
    except ImportError as exc:
        raise EngineUnavailable(f"the dask engine needs the dask extra ({exc.name or exc} is missing): "
                                "pip install 'newsclaims[dask]'") from exc
    return annotate_dask(inputs, output, settings=settings, scheduler=scheduler, workers=workers,
                         resume=resume, shard_size=shard_size, progress=progress, id_field=id_field,
                         text_field=text_field, partition_size=partition_size or PARTITION_SIZE)
