"""Hostile inputs: every importer, fed generated bad files through the CLI,
exits non-zero with one line naming the file (and line) and the reason, and
leaves every table of the store unchanged. Tricky-but-valid text (emoji, RTL,
combining marks, CRLF) is stored exactly."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotations.formats import format_names
from annotations.services import get_spans, import_files, list_documents

from tests.conftest import table_dump
from tests.robustness import hostile_files as hf

FORMATS = format_names()


def write_bytes_case(folder: Path, fmt: str, data: bytes) -> Path:
    if fmt == "brat":  # a brat document is a folder: the text file carries the bytes
        root = folder / "brat"
        root.mkdir()
        (root / "doc.txt").write_bytes(data)
        (root / "doc.ann").write_text("", encoding="utf-8")
        return root
    path = folder / f"in{hf.suffix(fmt)}"
    path.write_bytes(data)
    return path


def assert_refused(cli, store_path: Path, path: Path, fmt: str, line: int | None = None) -> str:
    before = table_dump(store_path)
    code, _out, err = cli("import", str(path), "--format", fmt)
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0, f"{fmt}: accepted {path.name}"
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert str(path) in lines[0], lines[0]
    if line is not None:
        assert f":{line}:" in lines[0], lines[0]
    assert table_dump(store_path) == before
    return lines[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(hf.byte_cases("text")))
def test_bad_bytes_are_refused(store, store_path, cli, tmp_path, fmt, case):
    path = write_bytes_case(tmp_path, fmt, hf.byte_cases(fmt)[case])
    message = assert_refused(cli, store_path, path, fmt)
    # formats read as UTF-8 text name the encoding; containers (DocBin, PDF, Word, e-mail, web pages
    # decoded by their own charset rules) refuse the file for what it is not
    if case == "invalid-utf8" and fmt not in ("spacy", "html", "pdf", "docx", "email"):
        assert "UTF-8" in message


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f in hf.JSON_FORMATS])
@pytest.mark.parametrize("case", list(hf.json_cases("jsonl")))
def test_bad_json_is_refused(store, store_path, cli, tmp_path, fmt, case):
    cases = hf.json_cases(fmt)
    if case not in cases:
        pytest.skip(f"{fmt} files are one JSON document, not lines")
    path = tmp_path / f"in{hf.suffix(fmt)}"
    path.write_bytes(cases[case])
    assert_refused(cli, store_path, path, fmt, line=2 if case == "broken-second-line" else None)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f in hf.SPAN_WRITERS])
@pytest.mark.parametrize("case", list(hf.SPAN_CASES) + list(hf.ATTRIBUTE_CASES))
def test_bad_spans_are_refused(store, store_path, cli, tmp_path, fmt, case):
    if case in hf.ATTRIBUTE_CASES and fmt not in hf.ATTRIBUTE_FORMATS:
        pytest.skip(f"the {fmt} format has no span attributes")
    spans, relations = {**hf.SPAN_CASES, **hf.ATTRIBUTE_CASES}[case]
    path = hf.SPAN_WRITERS[fmt](tmp_path, hf.TEXT, spans, relations)
    assert_refused(cli, store_path, path, fmt)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f in hf.SPAN_WRITERS])
def test_a_valid_file_from_the_same_writer_is_accepted(store, tmp_path, fmt):
    """The generators are right: with good spans the same writer's file imports."""
    path = hf.SPAN_WRITERS[fmt](tmp_path, hf.TEXT, [hf.ASSERTION, hf.ACTOR], [(0, 1, "SOURCE")])
    outcome = import_files(store, [path], format_name=fmt)
    assert outcome.result.count == 1 and outcome.result.span_count == 2


@pytest.mark.parametrize("case", list(hf.BRAT_ANN_CASES))
def test_brat_ann_with_bad_offsets_is_refused_at_its_line(store, store_path, cli, tmp_path, case):
    body, line = hf.BRAT_ANN_CASES[case]
    root = tmp_path / "brat"
    root.mkdir()
    (root / "doc.txt").write_text(hf.TEXT, encoding="utf-8")
    ann = root / "doc.ann"
    ann.write_text(f"{hf.BRAT_GOOD_LINE}\n{body}\n", encoding="utf-8")
    message = assert_refused(cli, store_path, root, "brat", line=line)
    assert message.startswith(f"error: {ann}:{line}: ")


def test_lone_surrogate_is_refused(store, store_path, cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Ana \\ud800 Ruiz said so."}\n', encoding="utf-8")
    message = assert_refused(cli, store_path, path, "jsonl", line=1)
    assert "surrogate" in message


@pytest.mark.parametrize("fmt", [f for f in ("jsonl", "doccano", "labelstudio", "brat") if f in FORMATS])
@pytest.mark.parametrize("name", list(hf.TRICKY_TEXTS))
def test_tricky_text_is_stored_exactly(store, tmp_path, fmt, name):
    text, target = hf.TRICKY_TEXTS[name]
    start = text.index(target)
    span = (start, start + len(target), "ACTOR", {})
    path = hf.SPAN_WRITERS[fmt](tmp_path, text, [span], [])
    doc_id = import_files(store, [path], format_name=fmt).result.document_ids[0]
    (stored,) = get_spans(store, doc_id)
    assert (stored.start, stored.end) == span[:2]
    assert list_documents(store)[0].length == len(text)


def test_duplicate_documents_are_skipped_and_named(store, store_path, cli, tmp_path):
    path = tmp_path / "in.jsonl"
    line = json.dumps({"text": hf.TEXT})
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    code, _out, err = cli("import", str(path))
    assert code == 0
    assert f"{path}:2" in err and "duplicate" in err
    before = table_dump(store_path)
    code, _out, err = cli("import", str(path))
    assert code == 0 and f"{path}:1" in err
    after = table_dump(store_path)
    assert after["document"] == before["document"] and after["span"] == before["span"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", [f for f in ("jsonl", "text") if f in FORMATS])
def test_fifty_megabyte_line_is_refused(store, store_path, cli, tmp_path, fmt):
    path = tmp_path / f"huge{hf.suffix(fmt)}"
    body = "x" * (50 * 1024 * 1024)
    path.write_text('{"text": "' + body if fmt == "jsonl" else body, encoding="utf-8")
    assert_refused(cli, store_path, path, fmt, line=1 if fmt == "jsonl" else None)


@pytest.mark.parametrize("case", list(hf.TYPE_CASES))
def test_wrongly_typed_field_is_refused_naming_file_line_and_field(store, store_path, cli, tmp_path, case):
    """Scores as text, NaN/Infinity/1e400, integers past 64 bits or 4,300 digits, unknown
    statuses, unhashable ids, malformed user_data: one line, nothing stored."""
    fmt, build, line, words = hf.TYPE_CASES[case]
    path = build(tmp_path)
    message = assert_refused(cli, store_path, path, fmt)
    assert f":{line}:" in message, message
    for word in words:
        assert word in message, message


# ---- folders: regular files inside the folder only ----------------------------------------


def test_folder_import_does_not_follow_links_out_of_the_folder(store, tmp_path, cli):
    secret = tmp_path / "id_rsa.txt"
    secret.write_text("-----BEGIN PRIVATE KEY----- not for the store", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text("A document outside the folder.", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Ana Ruiz said 3,500 jobs were at risk.", encoding="utf-8")
    (folder / "key.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    code, _out, err = cli("import", str(folder))
    assert code == 0, err
    texts = [d.title for d in list_documents(store)]
    assert texts == ["Ana Ruiz said 3,500 jobs were at risk."]
    assert "key.txt" in err and "link" in err  # reported, not silently skipped


def test_folder_import_skips_devices_and_fifos(store, tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Ana Ruiz said 3,500 jobs were at risk.", encoding="utf-8")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "in.jsonl")
    code, _out, err = cli("import", str(folder))
    assert code == 0, err
    assert len(list_documents(store)) == 1
    assert "in.jsonl" in err


def test_a_fifo_named_on_the_command_line_is_refused(store, store_path, tmp_path, cli):
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    before = table_dump(store_path)
    code, _out, err = cli("import", str(fifo))
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0 and len(lines) == 1 and str(fifo) in lines[0], err
    assert table_dump(store_path) == before


def test_a_file_over_the_size_cap_is_refused_before_reading(store, store_path, tmp_path, cli):
    from annotations.services.imports import MAX_FILE_BYTES

    big = tmp_path / "in"
    big.mkdir()
    huge = big / "huge.jsonl"
    with open(huge, "wb") as fh:  # sparse: no disk space, no memory
        fh.truncate(MAX_FILE_BYTES + 1)
    before = table_dump(store_path)
    for target in (huge, big):
        code, _out, err = cli("import", str(target))
        lines = [x for x in err.splitlines() if x.strip()]
        assert code != 0 and len(lines) == 1 and str(huge) in lines[0] and "limit" in lines[0], err
    assert table_dump(store_path) == before
