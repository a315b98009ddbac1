"""Input reading: files, directories, JSONL (plain and gzip), stdin, and bad input."""

import gzip
import io
import json

import pytest

from pipeline.io import InputError, read_inputs


def test_io_directory_sorted_with_relative_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    docs = list(read_inputs([tmp_path]))
    assert [d.doc_id for d in docs] == ["a.txt", "b/two.md"]
    assert docs[0].text == "First." and docs[0].source.path.endswith("a.txt")


def test_io_single_file_id_is_its_name(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\ufeffHello.", encoding="utf-8")
    (doc,) = read_inputs([path])
    assert doc.doc_id == "story.txt" and doc.text == "Hello."


def test_io_invalid_utf8_is_an_error_document(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Caf\xe9 au lait")
    (doc,) = read_inputs([path])
    assert doc.text is None and doc.error[0] == "DecodeError" and "byte 3" in doc.error[1]


def test_io_jsonl_fields_errors_and_line_numbers(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Alpha.", "url": "http://x/1", "date": "2024-05-01"}),
        "{not json",
        json.dumps({"id": "a3"}),
        "",
        json.dumps([1, 2]),
        json.dumps({"text": "No id."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_inputs([path]))
    assert [d.doc_id for d in docs] == ["a1", "dump.jsonl:2", "a3", "dump.jsonl:5", "dump.jsonl:6"]
    assert docs[0].source.url == "http://x/1" and docs[0].source.date == "2024-05-01" and docs[0].source.line == 1
    assert [d.error[0] if d.error else None for d in docs] == [None, "InvalidJSON", "MissingText", "InvalidRecord", None]


def test_io_jsonl_custom_fields_and_gzip(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"uid": 7, "body": "Gzipped."}) + "\n")
    (doc,) = read_inputs([path], id_field="uid", text_field="body")
    assert doc.doc_id == "7" and doc.text == "Gzipped."


def test_io_stdin_plain_text_and_jsonl():
    (doc,) = read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO("Plain story.".encode())))
    assert doc.doc_id == "stdin" and doc.text == "Plain story."
    data = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    docs = list(read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(data))))
    assert [d.doc_id for d in docs] == ["s1", "s2"]


def test_io_missing_path_raises_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        list(read_inputs([tmp_path / "nope.txt"]))


PAGE = """<html><head><title>Putin meets Erdogan</title>
<meta property="article:published_time" content="2025-10-21"></head><body>
<nav>Home | World | Sports</nav><article><h1>Erdoğan and Putin Meet in Ashgabat</h1>
<p>Russian President Vladimir Putin and Turkish President Recep Tayyip Erdoğan met in Ashgabat on Tuesday.</p>
<p>Key topics addressed included:</p><ul><li>Energy transit</li><li>Border security</li></ul>
<table><tr><th>Focus Area</th><th>Erdoğan's Approach</th><th>Putin's Approach</th></tr>
<tr><td>Energy</td><td>Expanding pipeline routes</td><td>Leveraging reserves</td></tr></table>
</article><footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""


def test_io_html_article_extracted_with_lists_tables_and_date(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (doc,) = read_inputs([tmp_path])
    assert doc.doc_id == "page.html" and doc.source.date == "2025-10-21"
    assert "Recep Tayyip Erdoğan met in Ashgabat" in doc.text
    assert "- Energy transit" in doc.text and "| Energy | Expanding pipeline routes | Leveraging reserves |" in doc.text
    assert "Home | World" not in doc.text and "Copyright" not in doc.text


def test_io_html_without_article_falls_back_to_visible_text(tmp_path):
    (tmp_path / "bare.htm").write_bytes(b"<html><body><script>var x=1;</script><div>Short note.</div></body></html>")
    (doc,) = read_inputs([tmp_path])
    assert doc.text == "Short note."


def test_io_html_over_the_tree_limit_is_streamed_to_visible_text(tmp_path, monkeypatch):
    """A page too large to parse into a tree: its visible text (no script or style, one
    line per block, a multi-byte character split across read chunks kept whole) and the
    headline from its head."""
    import pipeline.io as io

    monkeypatch.setattr(io, "HTML_TREE_MAX_BYTES", 100)
    monkeypatch.setattr(io, "_HTML_CHUNK", 7)  # chunk edges fall inside tags and inside "ğ"
    page = ("<html><head><title>Erdoğan visits Baku | Wire</title><style>p{x:1}</style></head><body>"
            "<script>var a = '<p>no</p>';</script><p>Erdoğan met Aliyev in Baku.</p><div>Talks went on &amp; on.</div>"
            "</body></html>")
    (tmp_path / "big.html").write_text(page, encoding="utf-8")
    (doc,) = read_inputs([tmp_path])
    assert doc.text.splitlines()[0] == "# Erdoğan visits Baku"
    assert "Erdoğan met Aliyev in Baku.\nTalks went on & on." in doc.text
    assert "var a" not in doc.text and "p{x:1}" not in doc.text and "no" not in doc.text.split()


# --- hostile JSONL and input files: every line gets one document, the stream goes on ----------


def _big_line_dump(path, size, compress=False):
    """Three records; the middle one is a single line of ``size`` bytes."""
    opener = gzip.open if compress else open
    with opener(path, "wb") as handle:
        handle.write(b'{"id": "before", "text": "First."}\n')
        handle.write(b'{"id": "huge", "text": "')
        block = b"word " * 200_000  # 1 MB
        for _ in range(size // len(block)):
            handle.write(block)
        handle.write(b'"}\n{"id": "after", "text": "Last."}\n')
    return path


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz"])
def test_io_100mb_line_refused_unread_with_bounded_memory(tmp_path, monkeypatch, name):
    """The reader never holds more than the limit of one line (4 MB here), whatever its size."""
    import tracemalloc

    import pipeline.io

    monkeypatch.setattr(pipeline.io, "MAX_INPUT_BYTES", 4 * 1024 * 1024)
    path = _big_line_dump(tmp_path / name, 100 * 1024 * 1024, compress=name.endswith(".gz"))
    tracemalloc.start()
    try:
        docs = list(read_inputs([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(d.doc_id, d.text, d.error[0] if d.error else None) for d in docs] == [
        ("before", "First.", None), (f"{name}:2", None, "TooLarge"), ("after", "Last.", None)]
    assert docs[1].source.line == 2 and "104,000,027 bytes" in docs[1].error[1] and "4,194,304" in docs[1].error[1]
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes while reading a 100 MB line"


def test_io_default_limit_refuses_a_100mb_line_and_keeps_a_1mb_one(tmp_path):
    from pipeline.io import MAX_INPUT_BYTES

    assert 50_000_000 < MAX_INPUT_BYTES < 100_000_000  # a 50 MB article fits, a 100 MB line does not
    docs = list(read_inputs([_big_line_dump(tmp_path / "big.jsonl.gz", 100 * 1024 * 1024, compress=True)]))
    assert [d.error[0] if d.error else None for d in docs] == [None, "TooLarge", None]
    (doc,) = [d for d in read_inputs([_big_line_dump(tmp_path / "one.jsonl", 1024 * 1024)]) if d.doc_id == "huge"]
    assert len(doc.text) == 1_000_000


def test_io_oversized_text_file_refused_without_reading(tmp_path, monkeypatch):
    import pipeline.io

    monkeypatch.setattr(pipeline.io, "MAX_INPUT_BYTES", 1000)
    (tmp_path / "a.txt").write_text("x" * 1001, encoding="utf-8")
    (tmp_path / "b.txt").write_text("y" * 1000, encoding="utf-8")
    docs = list(read_inputs([tmp_path]))
    assert [(d.doc_id, d.error[0] if d.error else None) for d in docs] == [("a.txt", "TooLarge"), ("b.txt", None)]


def test_io_truncated_gzip_keeps_the_lines_before_and_reports_the_break(tmp_path):
    records = "".join(json.dumps({"id": f"g{i}", "text": f"Story {i} " * 20}) + "\n" for i in range(300))
    data = gzip.compress(records.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "next.jsonl").write_text(json.dumps({"id": "next", "text": "Still read."}) + "\n", encoding="utf-8")
    docs = list(read_inputs([tmp_path]))
    cut = [d for d in docs if d.source.path.endswith("cut.jsonl.gz")]
    assert 0 < len(cut) < 300 and all(d.error is None for d in cut[:-1])
    assert cut[-1].error[0] == "TruncatedInput" and cut[-1].doc_id == f"cut.jsonl.gz:{len(cut)}"
    assert [d.doc_id for d in cut[:-1]] == [f"g{i}" for i in range(len(cut) - 1)]
    assert docs[-1].doc_id == "next" and docs[-1].text == "Still read."


def test_io_file_that_is_not_gzip_or_cannot_be_opened_is_one_error_record(tmp_path, monkeypatch):
    import pipeline.io

    (tmp_path / "fake.jsonl.gz").write_bytes(b'{"id": "plain", "text": "not compressed"}\n')
    (tmp_path / "locked.jsonl").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.jsonl"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.io, "open", refuse, raising=False)
    docs = list(read_inputs([tmp_path]))
    assert [(d.doc_id, d.error[0]) for d in docs] == [("fake.jsonl.gz:1", "ReadError"), ("locked.jsonl:1", "ReadError")]
    assert "Not a gzipped file" in docs[0].error[1] and "Permission denied" in docs[1].error[1]


def test_io_jsonl_values_that_are_not_records(tmp_path):
    lines = ["42", "null", '"a string"', "true", json.dumps({"id": 5, "text": 7}), json.dumps({"id": None, "text": ["a"]}),
             json.dumps({"id": {"nested": 1}, "text": "Nested id."}), "{\"id\": \"trailing\", \"text\": \"x\"} garbage"]
    (tmp_path / "odd.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_inputs([tmp_path / "odd.jsonl"]))
    assert [(d.doc_id, d.error[0] if d.error else None) for d in docs] == [
        ("odd.jsonl:1", "InvalidRecord"), ("odd.jsonl:2", "InvalidRecord"), ("odd.jsonl:3", "InvalidRecord"),
        ("odd.jsonl:4", "InvalidRecord"), ("5", "MissingText"), ("odd.jsonl:6", "MissingText"),
        ("{'nested': 1}", None), ("odd.jsonl:8", "InvalidJSON")]
    assert "an int, not a string" in docs[4].error[1] or "a int, not a string" in docs[4].error[1]


def test_io_empty_files(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    (tmp_path / "zero.jsonl.gz").write_bytes(b"")
    (tmp_path / "nothing.jsonl.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "empty.txt").write_bytes(b"")
    docs = list(read_inputs([tmp_path]))
    assert [(d.doc_id, d.text) for d in docs] == [("empty.txt", "")]  # a text file is a document, however empty


def test_io_globs_expand_sorted_and_a_pattern_without_match_is_an_error(tmp_path):
    for name in ("b.jsonl", "a.jsonl"):
        (tmp_path / name).write_text(json.dumps({"id": name, "text": "x"}) + "\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Story.", encoding="utf-8")
    assert [d.doc_id for d in read_inputs([str(tmp_path / "*.jsonl")])] == ["a.jsonl", "b.jsonl"]
    assert [d.doc_id for d in read_inputs([str(tmp_path / "**" / "*.txt")])] == ["c.txt"]
    with pytest.raises(InputError, match="matches no file"):
        list(read_inputs([str(tmp_path / "*.nothing")]))


def test_io_max_chars_turns_long_texts_into_error_records_with_limit_and_length(tmp_path):
    from pipeline.io import limit_length

    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": "x" * n}) for i, n in enumerate([10, 11, 5000])) + "\n")
    docs = list(limit_length(read_inputs([path]), 10))
    assert [(d.doc_id, d.error[0] if d.error else None) for d in docs] == [("0", None), ("1", "TooLong"), ("2", "TooLong")]
    assert "5,000 characters" in docs[2].error[1] and "limit of 10" in docs[2].error[1]
    assert docs[2].source.line == 3
    assert [d.error for d in limit_length(read_inputs([path]), None)] == [None, None, None]


def test_io_dask_planner_reads_the_same_documents_as_the_local_reader(tmp_path, monkeypatch):
    """Oversized lines, a truncated .gz, broken and blank lines: the partitions planned for
    Dask workers yield exactly what read_inputs yields."""
    pytest.importorskip("distributed")
    import pipeline.io
    from pipeline.engine_dask import partition_documents, plan_partitions

    monkeypatch.setattr(pipeline.io, "MAX_INPUT_BYTES", 2000)
    lines = [json.dumps({"id": f"p{i}", "text": ("long " * 1000) if i % 5 == 2 else f"Story {i}."}) for i in range(23)]
    lines[7], lines[11] = "{broken", ""
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "b.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    (tmp_path / "c.txt").write_text("z" * 2500, encoding="utf-8")
    local = list(read_inputs([tmp_path]))
    planned = [doc for partition in plan_partitions([tmp_path], size=4) for doc in partition_documents(partition, "id", "text")]
    assert planned == local
    assert {d.error[0] for d in local if d.error} == {"TooLarge", "InvalidJSON", "TruncatedInput"}


def test_io_oversized_stdin_text_refused_without_holding_it(monkeypatch):
    import pipeline.io

    monkeypatch.setattr(pipeline.io, "MAX_INPUT_BYTES", 1000)
    (doc,) = read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(b"plain words " * 3_000_000)))
    assert doc.doc_id == "stdin" and doc.error[0] == "TooLarge" and "36,000,000 bytes" in doc.error[1]
    (doc,) = read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(b"short " * 100)))
    assert doc.error is None and doc.text.startswith("short")


def test_io_directory_with_a_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "up").symlink_to("..")
    (tmp_path / "a" / "story.txt").write_text("Story.", encoding="utf-8")
    assert [d.doc_id for d in read_inputs([tmp_path])] == ["a/story.txt"]
