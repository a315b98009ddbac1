"""The command line end to end: annotate, error records, exit codes, schema, evaluate, help."""

import json
import re
import subprocess
import sys

import pytest

from conftest import GOLD, ROOT, SAMPLES


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    """A JSONL dump with good and broken records mixed."""
    path = tmp_path_factory.mktemp("cli") / "dump.jsonl"
    good = "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdoğan in Ashgabat."
    lines = [
        json.dumps({"id": "good-1", "text": good, "url": "https://example.org/1"}),
        json.dumps({"id": "empty", "text": "   \n  "}),
        "{this is not json",
        json.dumps({"id": "no-text", "body": "wrong field"}),
        json.dumps({"id": "good-2", "text": "Xi Jinping hosted Vladimir Putin in Beijing."}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "bad-bytes", "text": "caf\xe9"}\n')
    return path


@pytest.fixture(scope="module")
def mixed_output(mixed_input, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-out") / "out.jsonl"
    result = run("annotate", str(mixed_input), "-o", str(out))
    return result, [json.loads(line) for line in out.read_text().splitlines()]


def test_cli_one_line_per_input_in_order_with_error_records(mixed_output):
    result, records = mixed_output
    assert [r["doc_id"] for r in records] == ["good-1", "empty", "dump.jsonl:3", "no-text", "good-2", "dump.jsonl:6"]
    status = {r["doc_id"]: (r["status"], r["error"]["type"] if r["error"] else None) for r in records}
    assert status == {
        "good-1": ("ok", None),
        "empty": ("error", "EmptyText"),
        "dump.jsonl:3": ("error", "InvalidJSON"),
        "no-text": ("error", "MissingText"),
        "good-2": ("ok", None),
        "dump.jsonl:6": ("error", "DecodeError"),
    }
    assert records[0]["source"]["url"] == "https://example.org/1" and records[0]["source"]["line"] == 1


def test_cli_exit_status_says_some_documents_failed(mixed_output):
    result, _ = mixed_output
    assert result.returncode == 1
    assert b"6 documents, 4 errors" in result.stderr


def test_cli_output_lines_validate_against_schema(mixed_output):
    from pipeline.schema import AnnotationRecord

    _, records = mixed_output
    for record in records:
        AnnotationRecord.model_validate(record)


def test_cli_annotates_sample_directory(tmp_path):
    out = tmp_path / "samples.jsonl"
    result = run("annotate", str(SAMPLES), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    sample_files = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md"))
    assert [r["doc_id"] for r in records] == sample_files
    evaluation = run("evaluate", str(GOLD), str(out))
    assert evaluation.returncode == 0
    assert re.search(r"^macro F1 \d\.\d{3}$", evaluation.stdout.decode().strip().splitlines()[-1])


def test_cli_stdin_plain_text(tmp_path):
    out = tmp_path / "stdin.jsonl"
    result = run("annotate", "-", "-o", str(out), stdin="Emmanuel Macron met Narendra Modi in Paris.".encode())
    assert result.returncode == 0
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["doc_id"] == "stdin"
    assert {e["canonical"] for e in record["entities"] if e["label"] == "PERSON"} == {"Emmanuel Macron", "Narendra Modi"}


def test_cli_missing_input_is_usage_error(tmp_path):
    result = run("annotate", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 2 and b"does not exist" in result.stderr


def test_cli_schema_is_json_schema():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "AnnotationRecord" and "entities" in schema["properties"]


def test_cli_every_command_has_help_and_is_in_readme():
    """As sqlite-utils does: every command and option has help, and README documents each command."""
    import click
    import typer.main
    from typer.testing import CliRunner

    from pipeline import cli_help
    from pipeline.cli import app

    assert cli_help.missing(app) == [], "add these to pipeline/cli_help.py"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    runner = CliRunner()
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert names and set(names) == set(cli_help.COMMANDS)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert cli_help.COMMANDS[name].summary in " ".join(result.output.split())
        assert "<bool>" not in result.output
        with click.Context(group) as ctx:
            for param in group.get_command(ctx, name).params:
                assert getattr(param, "help", None), f"{name} {param.name} has no help"
        assert f"### `newsclaims {name}" in readme, f"README has no section for `newsclaims {name}`"


def test_cli_help_texts_say_what_the_tool_does():
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    top = " ".join(runner.invoke(app, ["--help"]).output.split())
    assert all(word in top for word in ("topics", "positions", "claims", "meetings", "entities"))
    assert ".html" in " ".join(runner.invoke(app, ["annotate", "--help"]).output.split())


def test_cli_readme_command_list_and_reference_are_generated_from_the_help():
    """README's command table and docs/cli.md come from pipeline/cli_help.py (regenerate with --write)."""
    from pipeline import cli_help

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hint = "stale: run `python -m pipeline.cli_help --write`"
    assert cli_help.readme_commands() in readme, f"README.md command list {hint}"
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_help.reference(), f"docs/cli.md {hint}"


def test_cli_missing_input_error_names_every_input_kind(tmp_path):
    result = run("annotate", str(tmp_path / "nothing"), "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 2
    assert all(kind in result.stderr.decode() for kind in (".txt", ".md", ".html", ".jsonl", "directory", "'-'"))


def test_cli_readme_example_line_is_current(tmp_path):
    """docs/example-output.jsonl (shown in the README) is what the pipeline writes today."""
    out = tmp_path / "example.jsonl"
    assert run("annotate", "docs/example-input.jsonl", "-o", str(out), "-q").returncode == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "example-output.jsonl").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "example-output.jsonl").read_text(encoding="utf-8").strip() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_cli_evaluate_by_folder_several_outputs_and_gzip(tmp_path):
    import gzip
    import shutil

    gold = tmp_path / "gold"
    for sub, stem in (("a", "erdogan-putin-ashgabat"), ("b", "xi-putin-beijing")):
        (gold / sub).mkdir(parents=True)
        shutil.copy(GOLD / f"{stem}.json", gold / sub / f"{stem}.json")
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("annotate", str(SAMPLES / "erdogan-putin-ashgabat.txt"), "-o", str(first)).returncode == 0
    assert run("annotate", str(SAMPLES / "xi-putin-beijing.md"), "-o", str(second)).returncode == 0
    zipped = tmp_path / "two.jsonl.gz"
    zipped.write_bytes(gzip.compress(second.read_bytes()))
    result = run("evaluate", str(gold), str(first), str(zipped), "--by", "folder")
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "== folder a (1 documents)" in out and "== folder b (1 documents)" in out and "== all (2 documents)" in out
    assert out.count("macro F1") == 3


def test_cli_evaluate_without_matching_documents_is_usage_error(tmp_path):
    out = tmp_path / "other.jsonl"
    assert run("annotate", "-", "-o", str(out), stdin=b"Macron met Modi in Paris.").returncode == 0
    result = run("evaluate", str(GOLD), str(out))
    assert result.returncode == 2 and b"no prediction matches" in result.stderr


def test_cli_progress_messages_go_to_stderr_with_resume_counts(tmp_path):
    """Loading, resume counts and words/s reach the user on stderr; stdout and OUT stay data."""
    dump = tmp_path / "dump.jsonl"
    texts = ["Emmanuel Macron met Narendra Modi in Paris.", "Xi Jinping hosted Vladimir Putin in Beijing.",
             "Olaf Scholz visited Warsaw.", "Lula spoke in Brasilia."]
    dump.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert run("annotate", str(dump), "-o", str(full), "-q").returncode == 0
    kept = full.read_text().splitlines(keepends=True)[:2]
    out.write_text("".join(kept) + kept[0][:20])  # two complete lines and a cut-off one
    result = run("annotate", str(dump), "-o", str(out), "--resume")
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert result.stdout == b""
    assert "kept 2 records" in stderr and "skipping 2 inputs" in stderr
    assert stderr.index("skipping 2 inputs") < stderr.index("loading pipeline") < stderr.index("2 documents, 0 errors")
    assert re.search(r"2 documents, 0 errors, \d+ words, [\d.]+ s, [\d.]+ docs/s, [\d,]+ words/s", stderr)
    assert out.read_text() == full.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_progress_bar_on_a_terminal_shows_total_and_rates(tmp_path):
    import os
    import pty
    import select

    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "annotate", str(SAMPLES), "-o", str(tmp_path / "o.jsonl")],
                               cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    seen = b""
    while process.poll() is None or select.select([primary], [], [], 0.2)[0]:
        if select.select([primary], [], [], 0.2)[0]:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.close(primary)
    text = seen.decode(errors="replace")
    total = sum(1 for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    assert process.wait(timeout=60) == 0 and process.stdout.read() == b""
    assert "loading pipeline" in text
    assert f"| {total}/{total} [" in text and "docs/s" in text and "words/s" in text and "ETA" in text


def test_cli_evaluate_reads_shards_by_glob_and_directory(tmp_path):
    """What `annotate --shard-size` writes is read as a quoted glob and as a directory."""
    runs = tmp_path / "runs"
    stems = ["erdogan-putin-ashgabat.txt", "xi-putin-beijing.md"]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in stems:
        (inputs / name).write_bytes((SAMPLES / name).read_bytes())
    assert run("annotate", str(inputs), "-o", str(runs / "run.jsonl"), "--shard-size", "1", "-q").returncode == 0
    assert sorted(p.name for p in runs.glob("run-*.jsonl.gz")) == ["run-00000.jsonl.gz", "run-00001.jsonl.gz"]
    by_glob = run("evaluate", str(GOLD), str(runs / "run-*.jsonl.gz"))
    by_dir = run("evaluate", str(GOLD), str(runs))
    assert by_glob.returncode == by_dir.returncode == 0, by_glob.stderr.decode() + by_dir.stderr.decode()
    assert by_glob.stdout == by_dir.stdout and b"macro F1" in by_glob.stdout
    assert b"no prediction for 12 gold document(s)" in by_glob.stderr
    nothing = run("evaluate", str(GOLD), str(runs / "other-*.jsonl.gz"))
    assert nothing.returncode == 2 and b"no file matches" in nothing.stderr
