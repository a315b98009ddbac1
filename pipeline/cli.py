"""The ``newsclaims`` command line: a thin layer over the library.

Each command calls one library function, turns its exceptions into clear messages, and
exits with a status that says whether every document was annotated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .io import InputError
from .schema import json_schema

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Annotate news articles: repaired text, structure, linked entities.")

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@app.command()
def annotate(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .md, .jsonl, .jsonl.gz), directories, or - for stdin."),
    output: Path = typer.Option(..., "-o", "--output", help="Output JSONL file (one line per input document)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy model for the statistical components (default from the config)."),
    config: Optional[Path] = typer.Option(None, "--config", help="spaCy pipeline config (default: configs/pipeline.cfg)."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field holding the document id."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL field holding the document text."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes, each holding the pipeline (default 1; with --engine dask, one per core)."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster: a LocalCluster on 127.0.0.1, or --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786); implies --engine dask."),
    partition_size: Optional[int] = typer.Option(None, "--partition-size", min=1, help="Documents per Dask task (default 64)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Documents per spaCy batch (default from the config)."),
    resume: bool = typer.Option(False, "--resume", help="Continue a run that stopped: keep the complete lines of OUTPUT and go on from there."),
    shard_size: Optional[int] = typer.Option(None, "--shard-size", min=1, help="Split the output into OUT-00000.jsonl.gz, ... of this many records."),
    fast: bool = typer.Option(False, "--fast", help="Speed mode: no dependency parser (sentences from senter and structure); see README for the quality cost."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", min=1, help="A text longer than this many characters becomes a TooLong error record instead of being annotated."),
) -> None:
    """Annotate INPUTS and write one JSON line per document to OUTPUT.

    A progress bar (or a log line every few seconds when stderr is not a terminal) shows
    documents, docs/s and errors; the summary is also written to OUTPUT.stats.json.
    Exit status: 0 when every document was annotated, 1 when some became error records,
    2 on a usage error (missing input, bad config), 3 when a Dask partition failed on every
    attempt or the output could not be written, e.g. disk full (rerun with --resume),
    130 when interrupted (Ctrl-C).
    """
    from .batch import OutputError, stats_path
    from .engines import AnnotatorSettings, PartitionError, annotate_inputs

    settings = AnnotatorSettings(str(config) if config else None, model, fast, batch_size, max_chars)
    try:
        stats = annotate_inputs(inputs, output, settings, engine=engine, scheduler=scheduler, workers=workers,
                                resume=resume, shard_size=shard_size, progress=not quiet, id_field=id_field,
                                text_field=text_field, partition_size=partition_size)
    except InputError as exc:
        typer.echo(f"newsclaims: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except OutputError as exc:  # disk full, output removed or made read-only during the run
        typer.echo(f"newsclaims: {exc.strerror}; the complete lines written so far are kept: "
                   "make room and rerun with --resume", err=True)
        raise typer.Exit(EXIT_FAILED)
    except (OSError, ValueError) as exc:
        typer.echo(f"newsclaims: cannot run: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except PartitionError as exc:  # dask engine: a partition failed on every attempt
        typer.echo(f"newsclaims: {exc}; the output so far is kept: rerun with --resume", err=True)
        raise typer.Exit(EXIT_FAILED)
    if not quiet:
        typer.echo(f"newsclaims: {stats.summary()} -> {', '.join(stats.output)} (stats: {stats_path(output)})", err=True)
    if stats.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_SOME_ERRORS if stats.errors else EXIT_OK)


@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the schema here instead of stdout.")) -> None:
    """Print the JSON Schema of one output line."""
    text = json_schema()
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold directory (data/gold) or JSONL file."),
    predictions: list[Path] = typer.Argument(..., help="newsclaims output: JSONL, .jsonl.gz, shards or a directory of them."),
    errors: bool = typer.Option(False, "--errors", help="Also list every missed and spurious item."),
    by: str | None = typer.Option(
        None, "--by", help="Also score each subset: 'folder' (gold subdirectories, read recursively) or a gold field."
    ),
) -> None:
    """Print precision, recall and F1 per field; the last line is the macro F1."""
    from .evaluate import format_report, group_by, load_gold, load_predictions, score_all

    try:
        gold_docs, predicted = load_gold(gold, recursive=by == "folder"), load_predictions(*predictions)
    except (OSError, ValueError) as exc:
        typer.echo(f"newsclaims: cannot read evaluation input: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    matched = set(gold_docs) & set(predicted)
    if not matched:
        typer.echo(f"newsclaims: no prediction matches any of the {len(gold_docs)} gold document ids", err=True)
        raise typer.Exit(EXIT_USAGE)
    missing = sorted(set(gold_docs) - set(predicted))
    if missing:
        typer.echo(f"newsclaims: no prediction for {len(missing)} gold document(s): {', '.join(missing[:5])}", err=True)
    from .gazetteer import Gazetteer

    gazetteer = Gazetteer.from_path(None)
    groups = group_by(gold_docs, by) if by else {}
    for name, subset in groups.items():
        typer.echo(f"== {by} {name} ({len(subset)} documents)")
        typer.echo(format_report(score_all(subset, predicted, gazetteer=gazetteer)) + "\n")
    scores = score_all(gold_docs, predicted, gazetteer=gazetteer)
    if errors:
        for name, score in scores.items():
            for line in score.errors:
                typer.echo(f"{name}\t{line}")
    if groups:
        typer.echo(f"== all ({len(gold_docs)} documents)")
    typer.echo(format_report(scores))


from .cli_analysis import register as register_analysis  # noqa: E402  (view, export, summarize)

register_analysis(app)


def main() -> None:
    app(prog_name="newsclaims")


if __name__ == "__main__":
    main()
