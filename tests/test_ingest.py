"""Bad input gets a clear one-line error and never reaches the store."""

from __future__ import annotations

import json

import pytest

from conflictwatch.ingest import InputError, read_file, read_jsonl, read_paths


def test_plain_text_report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("On May 4, gunmen killed six soldiers.\r\n", encoding="utf-8")
    report = read_file(path, published="2023-05", source="X")
    assert report.text == "On May 4, gunmen killed six soldiers.\n"
    assert report.published == "2023-05"
    assert report.id == report.content_hash[:12]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty report"),
        (b"   \n\t ", "empty report"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("Tillab\xe9ri attack".encode("latin-1"), "not UTF-8"),
        # a page is read for its main text now (tests/test_read_html.py); one without an article is refused
        (b"<!DOCTYPE html><html><body><p>Attack</p></body></html>", "no article text found in the HTML page"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_file(path)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (2 * 1024 * 1024))  # 10 MB
    with pytest.raises(InputError, match="over the 5 MB limit"):
        read_file(path)


@pytest.mark.parametrize("bad", ["2022-13", "March 2022", "22-03-01", "yesterday"])
def test_unparseable_publication_date(tmp_path, bad):
    path = tmp_path / "r.txt"
    path.write_text("Gunmen killed six soldiers.")
    with pytest.raises(InputError, match="bad publication date"):
        read_file(path, published=bad)


def test_jsonl_lines_become_reports_and_bad_lines_are_named(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Gunmen killed six soldiers on May 4.", "published": "2023-05", "source": "S"}),
        "",
        "{not json",
        json.dumps({"id": "a3", "text": ""}),
        json.dumps({"id": "a4", "text": "x", "publisher": "typo"}),
        json.dumps({"id": "a5", "text": "Clashes in Gao.", "published": "2023-02-30"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    assert items[0].report.id == "a1" and items[0].report.source == "S"
    errors = [i.error for i in items if i.error]
    assert len(errors) == 4
    assert errors[0].startswith(f"{path}:3: not valid JSON")
    assert "'text' is missing or empty" in errors[1]
    assert "unknown field(s) ['publisher']" in errors[2]
    assert "bad publication date" in errors[3]


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second report.")
    (tmp_path / "one.txt").write_text("First report.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_paths([tmp_path]))
    assert [i.report.text for i in items] == ["Second report.", "First report."]


def test_missing_path(tmp_path):
    (item,) = read_paths([tmp_path / "nope.txt"])
    assert "no such file" in item.error
