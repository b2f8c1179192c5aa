"""Reading article files: a decoding error names the file and the line it is
on (not always line 1), an unreadable path is named, and nothing is stored."""
from __future__ import annotations

import pytest

from tests.conftest import table_dump


@pytest.fixture
def initialised(cli, store_path):
    assert cli("init")[0] == 0
    return store_path


def _import_fails(cli, store_path, path) -> str:
    before = table_dump(store_path)
    code, _, err = cli("import", path)
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert table_dump(store_path) == before
    return err


@pytest.mark.parametrize("line", [1, 3, 7])
def test_invalid_utf8_is_reported_on_its_own_line(initialised, cli, tmp_path, line):
    path = tmp_path / "article.txt"
    path.write_bytes(b"Good line.\n" * (line - 1) + b"Caf\xe9 au lait\nlast line\n")
    err = _import_fails(cli, initialised, path)
    assert f"article.txt:{line}:" in err and "UTF-8" in err


def test_a_file_with_nul_bytes_is_refused_as_binary(initialised, cli, tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"Looks like text at first\n" * 10 + b"\x00\x01\x02")
    err = _import_fails(cli, initialised, path)
    assert "scan.txt" in err and "binary" in err


def test_a_path_that_cannot_be_read_is_named(initialised, cli, tmp_path):
    folder = tmp_path / "notes.txt"  # a folder with a text file's name
    folder.mkdir()
    err = _import_fails(cli, initialised, folder)
    assert "notes.txt" in err and "directory" in err.lower()  # the file and the system's reason
