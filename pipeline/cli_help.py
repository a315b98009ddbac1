"""Every help text of the ``newsclaims`` command, in one place.

The CLI takes its command and option help from here (:func:`apply`, called by
``pipeline/cli.py``), and the README's command list and ``docs/cli.md`` (every command's
``--help``) are generated from the same CLI (:func:`readme_commands`, :func:`reference`),
so they cannot drift apart: ``tests/test_cli.py`` checks both files are current.
Regenerate them after editing a text with ``python -m pipeline.cli_help --write``.

Style: one line per option, a sentence ending with a period, defaults that the option
itself does not show in brackets written as "(default ...)"; METAVARs say what to give.
"""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

APP_HELP = (
    "Turn dumps of news articles into JSONL annotations: repaired text, document structure, entities linked "
    "to a gazetteer, topics, leaders' positions, attributed claims and meetings; then evaluate, view, "
    "export and summarize them."
)


@dataclass(frozen=True)
class Param:
    help: str
    metavar: str | None = None  # None for flags


@dataclass(frozen=True)
class Command:
    summary: str  # the first line of --help and the command list
    params: dict[str, Param]
    description: str = ""  # further paragraphs of --help


_ANNOTATIONS = Param("newsclaims output: .jsonl/.jsonl.gz files, shard globs ('out/run-*.jsonl.gz') or directories.",
                     "ANNOTATIONS")

COMMANDS: dict[str, Command] = {
    "annotate": Command(
        "Annotate INPUT files and write one JSON line per document to OUT.",
        {
            "inputs": Param("Files (.txt, .md, .html, .jsonl, .jsonl.gz), directories of them, or - for stdin.", "INPUT"),
            "output": Param("Output JSONL file, one line per input document, in input order.", "OUT.jsonl"),
            "model": Param("spaCy model for the statistical components (default from the config).", "NAME"),
            "config": Param("spaCy pipeline config (default configs/pipeline.cfg).", "PATH"),
            "id_field": Param("JSONL field holding the document id.", "FIELD"),
            "text_field": Param("JSONL field holding the document text.", "FIELD"),
            "workers": Param("Worker processes, each holding the pipeline (default 1; with --engine dask, one per core).", "N"),
            "engine": Param("local (this machine) or dask (a Dask cluster: a LocalCluster on 127.0.0.1, or --scheduler).",
                            "local|dask"),
            "scheduler": Param("Address of a running Dask scheduler; implies --engine dask.", "tcp://HOST:8786"),
            "partition_size": Param("Documents per Dask task (default 64).", "N"),
            "batch_size": Param("Documents per spaCy batch (default from the config, 16).", "N"),
            "resume": Param("Continue a run that stopped: keep the complete lines of OUT, skip that many inputs, append."),
            "shard_size": Param("Write OUT-00000.jsonl.gz, OUT-00001.jsonl.gz, ... of N records each.", "N"),
            "fast": Param("Speed mode: only the model's NER and sentence recogniser (no parser, so no sentence topics, "
                          "stances, claims or meetings); see README for the quality cost."),
            "quiet": Param("No progress, messages or summary on stderr."),
            "max_chars": Param("A text longer than N characters (before cleaning) becomes a TooLong error record "
                               "instead of being annotated.", "N"),
            "as_of": Param("The day of documents without a date (source.date): people get the roles they held "
                           "then, and 'the foreign minister' is who held the office (needs a gazetteer with dated "
                           "roles, see --gazetteer).", "YYYY-MM-DD"),
            "gazetteer": Param("Another entities.jsonl, e.g. one built with scripts/build_gazetteer.py --wikidata "
                               "(default: the bundled one).", "PATH"),
        },
        "On stderr: a 'loading pipeline' line, on --resume how many records were kept and inputs skipped, "
        "then progress (documents of the total, docs/s, words/s, errors, ETA; a bar on a terminal, a log line "
        "every 5 s otherwise) and a summary, also written to OUT.stats.json. stdout stays empty.\n\n"
        "Exit status: 0 every document annotated, 1 some became error records, 2 usage error (missing input, "
        "bad config, an output that is an input or cannot be written), 3 the run stopped part-way: a Dask partition "
        "failed on every attempt or the output could not be written, e.g. disk full (rerun with --resume), "
        "130 interrupted (Ctrl-C).",
    ),
    "schema": Command(
        "Print the JSON Schema of one output line.",
        {"output": Param("Write the schema to this file instead of stdout.", "FILE")},
    ),
    "evaluate": Command(
        "Score PREDICTIONS against GOLD: precision, recall, F1 per field, macro F1, and title accuracy when the gold has titles.",
        {
            "gold": Param("Gold directory (data/gold) or JSONL file.", "GOLD"),
            "predictions": Param("newsclaims output: .jsonl/.jsonl.gz files, shard globs or directories of them.",
                                 "PREDICTIONS"),
            "errors": Param("Also list every missed and spurious item, and every wrong title."),
            "by": Param("Also score each subset: 'folder' (gold subdirectories, read recursively) or a gold field.",
                        "folder|FIELD"),
        },
        "Exit status 2 when an input cannot be read or no prediction matches a gold document id.",
    ),
    "view": Command(
        "Render one document as a standalone HTML page with all its annotations.",
        {
            "annotations": _ANNOTATIONS,
            "doc": Param("doc_id of the document (default the first annotated one).", "ID"),
            "output": Param("Write the page to this file (default stdout).", "PAGE.html"),
        },
        "The page shows the text once, with entities, claims and topic evidence drawn on it and tables "
        "as tables, and a side panel of events, positions, claims, topics and entities linked into the text.",
    ),
    "export": Command(
        "Write each table (documents, entities, actors, ...) as Parquet or CSV files.",
        {
            "annotations": _ANNOTATIONS,
            "output": Param("Directory for the files (created if missing).", "DIR"),
            "format": Param("parquet (typed; for DuckDB, Polars, Spark) or csv (for spreadsheets).", "parquet|csv"),
            "validate": Param("Check every line against the schema (slower); failures go to the errors table."),
        },
        "One file per table: documents, entities, actors, topics, positions, claims, events, errors. In CSV, "
        "lists such as events.participants are joined with '; '.",
    ),
    "summarize": Command(
        "Print cross-document tables: stances, topics, co-occurrence, claims, flags.",
        {
            "annotations": _ANNOTATIONS,
            "out": Param("Also write every table as CSV, and summary.md, into this directory.", "DIR"),
            "plots": Param("Write PNG plots (stance heat map, co-occurrence, flags, topics by month) into this directory.",
                           "DIR"),
            "top": Param("Rows per table in the printed summary.", "N"),
            "actors": Param("Actor labels that count as leaders, comma-separated (PERSON,COUNTRY), or 'all'.", "LABELS"),
        },
        "Tables: stances per leader and topic category with example stances; topic labels and categories (by "
        "month when documents have a source date); pairs of leaders in the same article and in the same "
        "meeting; claims per speaker type; share of documents per cleaning flag.",
    ),
}


class HelpMissing(LookupError):
    """A command or parameter of the CLI has no entry here."""


def command_help(name: str) -> str:
    command = COMMANDS[name]
    return command.summary + (f"\n\n{command.description}" if command.description else "")


def apply(app) -> None:
    """Give every command and parameter of ``app`` (a Typer app) its text from :data:`COMMANDS`.

    What has no entry keeps its own text; :func:`missing` lists it (a test fails on it),
    so a new option cannot ship without help here.
    """
    app.info.help = APP_HELP
    for info in app.registered_commands:
        name = info.name or info.callback.__name__
        if name not in COMMANDS:
            continue
        info.help = command_help(name)
        for pname, parameter in inspect.signature(info.callback).parameters.items():
            param = COMMANDS[name].params.get(pname)
            if param is None:
                continue
            parameter.default.help = param.help
            if param.metavar is not None:
                parameter.default.metavar = param.metavar


def missing(app) -> list[str]:
    """Commands and parameters of ``app`` that have no help text here."""
    gaps = []
    for info in app.registered_commands:
        name = info.name or info.callback.__name__
        if name not in COMMANDS:
            gaps.append(name)
            continue
        gaps += [f"{name} {p}" for p in inspect.signature(info.callback).parameters if p not in COMMANDS[name].params]
    return gaps


# --- generated documentation -----------------------------------------------------------

README_BEGIN = "<!-- commands: generated by `python -m pipeline.cli_help --write` -->"
README_END = "<!-- end of commands -->"
WIDTH = 100


def _click_app():
    import typer.main

    from .cli import app

    return typer.main.get_command(app)


def command_help_text(name: str) -> str:
    """``newsclaims NAME --help`` as printed at :data:`WIDTH` columns."""
    import click

    group = _click_app()
    with click.Context(group, info_name="newsclaims", terminal_width=WIDTH, max_content_width=WIDTH) as parent:
        command = group.get_command(parent, name)
        with click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH) as ctx:
            return command.get_help(ctx).rstrip()


def readme_commands() -> str:
    """The README's command list: one row per command, with a link to its full help."""
    rows = ["| command | what it does |", "|---|---|"]
    for name, command in COMMANDS.items():
        rows.append(f"| [`newsclaims {name}`](docs/cli.md#newsclaims-{name}) | {command.summary} |")
    return "\n".join([README_BEGIN, *rows, README_END])


def reference() -> str:
    """docs/cli.md: the help of every command, generated."""
    parts = ["# newsclaims command reference", "",
             "Generated from `pipeline/cli_help.py` by `python -m pipeline.cli_help --write`; do not edit.", ""]
    for name in COMMANDS:
        parts += [f"## newsclaims {name}", "", "```", command_help_text(name), "```", ""]
    return "\n".join(parts)


def _replace_block(text: str, block: str) -> str:
    pattern = re.compile(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), re.DOTALL)
    if not pattern.search(text):
        raise HelpMissing(f"README.md has no {README_BEGIN!r} ... {README_END!r} block")
    return pattern.sub(lambda _: block, text)


def write(root: Path) -> list[Path]:
    """Rewrite README.md's command list and docs/cli.md from the CLI."""
    readme, docs = root / "README.md", root / "docs" / "cli.md"
    readme.write_text(_replace_block(readme.read_text(encoding="utf-8"), readme_commands()), encoding="utf-8")
    docs.write_text(reference(), encoding="utf-8")
    return [readme, docs]


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        for path in write(Path(__file__).resolve().parent.parent):
            print(f"wrote {path}")
    else:
        print(reference())
