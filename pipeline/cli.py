"""The ``newsclaims`` command line: a thin layer over the library.

Each command calls one library function, turns its exceptions into clear messages, and
exits with a status that says whether every document was annotated. Every help text
lives in :mod:`pipeline.cli_help`, which also generates the README's command list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .io import InputError
from .schema import json_schema

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,  # plain help, as click prints it
                  context_settings={"max_content_width": 100})

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@app.command()
def annotate(
    inputs: list[str] = typer.Argument(...),
    output: Path = typer.Option(..., "-o", "--output"),
    model: Optional[str] = typer.Option(None, "--model"),
    config: Optional[Path] = typer.Option(None, "--config"),
    id_field: str = typer.Option("id", "--id-field"),
    text_field: str = typer.Option("text", "--text-field"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1),
    engine: str = typer.Option("local", "--engine"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler"),
    partition_size: Optional[int] = typer.Option(None, "--partition-size", min=1),
    batch_size: Optional[int] = typer.Option(None, "--batch-size"),
    resume: bool = typer.Option(False, "--resume"),
    shard_size: Optional[int] = typer.Option(None, "--shard-size", min=1),
    fast: bool = typer.Option(False, "--fast"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", min=1),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
    gazetteer: Optional[Path] = typer.Option(None, "--gazetteer"),
) -> None:
    """Annotate inputs into OUT with the chosen engine (help text: pipeline/cli_help.py)."""
    from .api import article_day
    from .batch import OutputError, stats_path
    from .engines import AnnotatorSettings, PartitionError, annotate_inputs

    if as_of is not None and article_day(as_of) is None:
        typer.echo(f"newsclaims: --as-of takes an ISO date (YYYY-MM-DD), not {as_of!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if gazetteer is not None and not gazetteer.is_file():
        typer.echo(f"newsclaims: gazetteer '{gazetteer}' does not exist (build one with scripts/build_gazetteer.py --out)", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = AnnotatorSettings(str(config) if config else None, model, fast, batch_size, max_chars, as_of,
                                 str(gazetteer) if gazetteer else None)
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
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output")) -> None:
    """Print the JSON Schema of one output line."""
    text = json_schema()
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


@app.command()
def evaluate(
    gold: Path = typer.Argument(...),
    predictions: list[Path] = typer.Argument(...),
    errors: bool = typer.Option(False, "--errors"),
    by: str | None = typer.Option(
        None, "--by"
    ),
) -> None:
    """Print precision, recall and F1 per field; the last line is the macro F1."""
    from .evaluate import format_report, group_by, load_gold, load_predictions, score_all, score_titles

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
        typer.echo(format_report(score_all(subset, predicted, gazetteer=gazetteer), score_titles(subset, predicted)) + "\n")
    scores = score_all(gold_docs, predicted, gazetteer=gazetteer)
    titles = score_titles(gold_docs, predicted)
    if errors:
        for name, score in scores.items():
            for line in score.errors:
                typer.echo(f"{name}\t{line}")
        for line in titles.errors:
            typer.echo(f"title\t{line}")
    if groups:
        typer.echo(f"== all ({len(gold_docs)} documents)")
    typer.echo(format_report(scores, titles))


from .cli_analysis import register as register_analysis  # noqa: E402  (view, export, summarize)

register_analysis(app)

from .cli_help import apply as apply_help  # noqa: E402

apply_help(app)


def main() -> None:
    app(prog_name="newsclaims")


if __name__ == "__main__":
    main()
