"""The analysis commands of ``newsclaims``: ``view``, ``export``, ``summarize``.

A thin layer like :mod:`pipeline.cli`: each command calls the library function of the
same name in :mod:`pipeline.analysis` and turns its errors into a message and exit
status 2. :func:`register` adds the commands to the main app (``pipeline/cli.py``
calls it); pandas and matplotlib are imported only when a command runs. Help texts:
:mod:`pipeline.cli_help`.

ANNOTATIONS arguments take one or more files, globs or directories, so both
``newsclaims summarize out/run-*.jsonl.gz`` (expanded by the shell) and
``newsclaims summarize 'out/run-*.jsonl.gz'`` work.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

EXIT_OK, EXIT_USAGE = 0, 2

class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"newsclaims: {exc}", err=True)
    return typer.Exit(EXIT_USAGE)


def view(
    annotations: list[str] = typer.Argument(...),
    doc: Optional[str] = typer.Option(None, "--doc", "-d"),
    output: Optional[Path] = typer.Option(None, "-o", "--output"),
) -> None:
    """Render one document as a standalone HTML page: entities, claims, topics, positions, events."""
    from .analysis import AnalysisError
    from .analysis import view as render_view

    try:
        page = render_view(annotations, doc, output)
    except (AnalysisError, OSError) as exc:
        raise _fail(exc)
    if output is None:
        typer.echo(page)
    else:
        typer.echo(f"newsclaims: wrote {output}", err=True)


def export(
    annotations: list[str] = typer.Argument(...),
    output: Path = typer.Option(..., "-o", "--output"),
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", case_sensitive=False),
    validate: bool = typer.Option(False, "--validate"),
) -> None:
    """Write one file per table (documents, entities, actors, topics, positions, claims, events, errors)."""
    from .analysis import AnalysisError, load_annotations
    from .analysis import export as export_tables

    try:
        ann = load_annotations(annotations, validate=validate)
        paths = export_tables(ann, output, format=format.value)
    except (AnalysisError, OSError) as exc:
        raise _fail(exc)
    for path in paths:
        typer.echo(f"{path.stem}\t{len(getattr(ann, path.stem))} rows\t{path}")


def summarize(
    annotations: list[str] = typer.Argument(...),
    out: Optional[Path] = typer.Option(None, "--out"),
    plots: Optional[Path] = typer.Option(None, "--plots"),
    top: int = typer.Option(15, "--top", min=1),
    actors: str = typer.Option("PERSON", "--actors"),
) -> None:
    """Print cross-document aggregates as Markdown (stances, topics, co-occurrence, claims, flags)."""
    from .analysis import AnalysisError
    from .analysis import summarize as summarize_annotations

    labels = None if actors.strip().lower() == "all" else tuple(a.strip().upper() for a in actors.split(",") if a.strip())
    try:
        summary = summarize_annotations(annotations, actor_labels=labels, out_dir=out, plots_dir=plots)
    except (AnalysisError, OSError) as exc:
        raise _fail(exc)
    typer.echo(summary.to_markdown(top=top), nl=False)
    for what, where in (("tables", out), ("plots", plots)):
        if where is not None:
            typer.echo(f"newsclaims: wrote {what} to {where}", err=True)


COMMANDS = {"view": view, "export": export, "summarize": summarize}


def register(app: typer.Typer) -> None:
    """Add ``view``, ``export`` and ``summarize`` to ``app`` (a second call adds nothing)."""
    existing = {command.name or command.callback.__name__ for command in app.registered_commands}
    for name, function in COMMANDS.items():
        if name not in existing:
            app.command(name)(function)
