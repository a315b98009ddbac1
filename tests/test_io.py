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
