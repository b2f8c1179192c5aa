"""Hostile archives: a .zip/.tar member with an absolute or `..` path, a link
or device member, a duplicate, a corrupt archive or a zip bomb makes the CLI
refuse the whole archive with one line naming archive and member; nothing is
imported, nothing is written outside the temp folder, no temp folder is left."""
from __future__ import annotations

import io
import stat
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from annotations.formats import archive as archive_module

from tests.formats.test_archive import leftovers, make_tar, make_zip
from tests.robustness.test_hostile_inputs import assert_refused

GOOD = {"a.txt": "Ana Ruiz said 3,500 jobs were at risk."}


def zip_with(path: Path, name: str, data: bytes = b"Evil text.", mode: int | None = None) -> Path:
    make_zip(path, GOOD)
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.external_attr = mode << 16
        zf.writestr(info, data)
    return path


def tar_with(path: Path, member: tarfile.TarInfo, data: bytes = b"") -> Path:
    make_tar(path, GOOD)
    raw = io.BytesIO()
    with tarfile.open(path, "r:gz") as src, tarfile.open(fileobj=raw, mode="w:gz") as out:
        for m in src:
            out.addfile(m, src.extractfile(m))
        member.size = len(data) if member.isreg() else 0
        out.addfile(member, io.BytesIO(data) if member.isreg() else None)
    path.write_bytes(raw.getvalue())
    return path


def tar_member(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


CASES = {
    "zip-dotdot": lambda p: (zip_with(p / "c.zip", "../evil.txt"), "../evil.txt"),
    "zip-nested-dotdot": lambda p: (zip_with(p / "c.zip", "docs/../../evil.txt"), "docs/../../evil.txt"),
    "zip-backslash-dotdot": lambda p: (zip_with(p / "c.zip", "..\\evil.txt"), "..\\\\evil.txt"),
    "zip-absolute": lambda p: (zip_with(p / "c.zip", "/tmp/evil.txt"), "/tmp/evil.txt"),
    "zip-drive": lambda p: (zip_with(p / "c.zip", "C:/evil.txt"), "C:/evil.txt"),
    "zip-symlink": lambda p: (zip_with(p / "c.zip", "link.txt", b"/etc/passwd", stat.S_IFLNK | 0o777), "link.txt"),
    "zip-duplicate": lambda p: (zip_with(p / "c.zip", "a.txt"), "a.txt"),
    "tar-dotdot": lambda p: (tar_with(p / "c.tgz", tar_member("../evil.txt"), b"Evil text."), "../evil.txt"),
    "tar-absolute": lambda p: (tar_with(p / "c.tgz", tar_member("/tmp/evil.txt"), b"Evil."), "/tmp/evil.txt"),
    "tar-symlink": lambda p: (tar_with(p / "c.tgz", tar_member("l.txt", tarfile.SYMTYPE, "/etc/passwd")), "l.txt"),
    "tar-hardlink": lambda p: (tar_with(p / "c.tgz", tar_member("h.txt", tarfile.LNKTYPE, "a.txt")), "h.txt"),
    "tar-device": lambda p: (tar_with(p / "c.tgz", tar_member("dev", tarfile.CHRTYPE)), "dev"),
    "tar-fifo": lambda p: (tar_with(p / "c.tgz", tar_member("fifo", tarfile.FIFOTYPE)), "fifo"),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("case", list(CASES))
def test_unsafe_member_refuses_the_whole_archive(store, store_path, cli, tmp_path, case):
    before = leftovers()
    inner = tmp_path / "in"
    inner.mkdir()
    path, member = CASES[case](inner)
    message = assert_refused(cli, store_path, path, "text")
    assert f"member {member!r}" in message or f"member '{member}'" in message, message
    assert "glossator-archive" not in message
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert leftovers() == before


@pytest.mark.parametrize("name", ["c.zip", "c.tgz", "c.tar"])
def test_corrupt_archive_is_refused(store, store_path, cli, tmp_path, name):
    good = (make_zip if name.endswith(".zip") else make_tar)(tmp_path / f"good-{name}", GOOD)
    data = good.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2] if not name.endswith(".tar") else b"not a tar at all" * 40)
    message = assert_refused(cli, store_path, path, "text")
    assert "corrupt" in message


def test_zip_with_a_flipped_data_byte_is_refused(store, store_path, cli, tmp_path):
    path = make_zip(tmp_path / "c.zip", {"a.txt": "Ana Ruiz said so. " * 200})
    data = bytearray(path.read_bytes())
    data[60] ^= 0xFF  # inside the compressed data of the only member: CRC or inflate fails
    path.write_bytes(bytes(data))
    assert "corrupt" in assert_refused(cli, store_path, path, "text")


def test_zip_declaring_gigabytes_is_refused_before_unpacking(store, store_path, cli, tmp_path):
    """A bomb's central directory says how big it unpacks: 2 GiB is refused at the real limit."""
    path = make_zip(tmp_path / "bomb.zip", GOOD)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 2 << 30)  # uncompressed size field
    path.write_bytes(bytes(data))
    message = assert_refused(cli, store_path, path, "text")
    assert "member 'a.txt'" in message and "zip bomb" in message


@pytest.mark.parametrize("name", ["bomb.zip", "bomb.tgz"])
def test_highly_compressed_bomb_is_refused(store, store_path, cli, tmp_path, monkeypatch, name):
    monkeypatch.setattr(archive_module, "MAX_TOTAL_BYTES", 1_000_000)  # same check, a test-sized limit
    files = {"a.txt": "x" * 600_000, "b.txt": "y" * 600_000}
    path = (make_zip if name.endswith(".zip") else make_tar)(tmp_path / name, files)
    assert path.stat().st_size < 20_000
    assert "zip bomb" in assert_refused(cli, store_path, path, "text")


def test_too_many_members_is_refused(store, store_path, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_MEMBERS", 50)
    path = make_zip(tmp_path / "many.zip", {f"d{i}.txt": f"Document number {i}." for i in range(51)})
    assert "member 'd50.txt'" in assert_refused(cli, store_path, path, "text")
