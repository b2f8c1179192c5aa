"""A damaged store (a page of the document or span table overwritten) never
gives a partial export: every format exits non-zero with one line that
suggests the backup, and the earlier export file stays as it was."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotations.services import import_records
from annotations.store import Store
from annotations.types import DocumentRecord, SpanRecord

FORMATS = ("jsonl", "doccano", "conll", "labelstudio", "brat", "spacy", "text")
PAGE = 4096


@pytest.fixture
def damaged_store_path(tmp_path):
    """14 documents of ~3,000 characters (one table page each), 100 spans each."""
    path = tmp_path / "store.sqlite"
    with Store.create(path) as store:
        import_records(store, [
            DocumentRecord(text=(f"Ana Ruiz said {i:03d} jobs. " * 120)[:3000], title=f"doc {i}",
                           spans=[SpanRecord(start=k * 25, end=k * 25 + 8, label="ACTOR") for k in range(100)])
            for i in range(14)])
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def leaf_pages(path: Path, table: str) -> list[int]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA page_size").fetchone()[0] == PAGE
        return [r[0] for r in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (table,))]
    finally:
        con.close()


def overwrite(path: Path, page: int, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * PAGE + offset)
        fh.write(data)


def export(capsys, store_path: Path, fmt: str, out: Path) -> tuple[int, str]:
    from annotations.cli import main

    try:
        main(["--store", str(store_path), "--quiet", "export", fmt, str(out)])
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


def out_path(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / {"jsonl": "o.jsonl", "doccano": "o.jsonl", "conll": "o.conll"}.get(fmt, "o")


def assert_refused_with_backup_hint(code: int, err: str) -> None:
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "backup" in lines[0], lines[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("damage", ["zeroed", "garbled-text"])
def test_damaged_document_page_fails_every_export(damaged_store_path, tmp_path, capsys, fmt, damage):
    out = out_path(tmp_path, fmt)
    assert export(capsys, damaged_store_path, fmt, out)[0] == 0
    before = sorted((p, p.read_bytes()) for p in ([out] if out.is_file() else out.rglob("*")) if p.is_file())
    page = leaf_pages(damaged_store_path, "document")[6]
    if damage == "zeroed":
        overwrite(damaged_store_path, page, 0, b"\x00" * PAGE)
    else:  # inside a row's text: SQLite itself does not notice
        overwrite(damaged_store_path, page, 2000, b"#" * 100)
    code, err = export(capsys, damaged_store_path, fmt, out)
    assert_refused_with_backup_hint(code, err)
    after = sorted((p, p.read_bytes()) for p in ([out] if out.is_file() else out.rglob("*")) if p.is_file())
    assert after == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_damaged_span_page_fails_every_export(damaged_store_path, tmp_path, capsys, fmt):
    page = leaf_pages(damaged_store_path, "span")[5]
    overwrite(damaged_store_path, page, 0, b"\x00" * PAGE)
    out = out_path(tmp_path, fmt)
    code, err = export(capsys, damaged_store_path, fmt, out)
    assert_refused_with_backup_hint(code, err)
    assert not out.exists()
