"""Where an export may write: never onto the open store or its companions,
never into system folders, a file where a file belongs and a folder where a
folder belongs; a folder export replaces only Glossator's own earlier export
of the same format, whole, and an interrupted or killed export leaves the old
one whole and no hidden temporary files behind. Bad options (--split,
--status) are refused before anything is written."""
from __future__ import annotations

import os
import random
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations.errors import GlossatorError
from annotations.services import import_records
from annotations.services.exports import export_store
from annotations.store import Store
from annotations.types import DocumentRecord, SpanRecord

from tests.conftest import table_dump

CLI = [sys.executable, "-c", "import sys; from annotations.cli import main; main(sys.argv[1:])"]
FILE_FORMATS = ("jsonl", "doccano", "conll")
FOLDER_FORMATS = ("spacy", "brat", "labelstudio", "text")


def documents(n: int, length: int = 400, status: str = "new", noisy: bool = False) -> list[DocumentRecord]:
    """n documents starting "Ana Ruiz"; noisy ones hold random words (they do not compress)."""
    records = []
    for i in range(n):
        body = f"Ana Ruiz said {i:04d} jobs were at risk. " * (length // 40)
        if noisy:
            rnd = random.Random(i)
            words = ("".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(2, 9)))
                     for _ in range(length // 6))
            body = f"Ana Ruiz said {i:04d} " + " ".join(words)
        records.append(DocumentRecord(text=body, title=f"doc {i}", status=status,
                                      spans=[SpanRecord(start=0, end=8, label="ACTOR")]))
    return records


@pytest.fixture
def filled(store):
    import_records(store, documents(6))
    return store


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".glossator-tmp") or
                  (p.name.startswith(".") and p.name != ".glossator-export" and "store" not in p.name))


# ---- item 2: never onto the store ------------------------------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS + ("labelstudio",))
def test_export_onto_the_open_store_is_refused(filled, store_path, cli, fmt):
    before = table_dump(store_path)
    code, _out, err = cli("export", fmt, str(store_path))
    assert code != 0
    assert "store" in one_line(err)
    assert table_dump(store_path) == before


def test_spacy_export_onto_a_store_named_like_a_docbin_is_refused(tmp_path, capsys):
    from annotations.cli import main

    path = tmp_path / "x.spacy"
    with Store.create(path) as store:
        import_records(store, documents(3))
    before = table_dump(path)
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(path), "export", "spacy", str(path)])
    assert exit_.value.code != 0
    assert "store" in one_line(capsys.readouterr().err)
    assert table_dump(path) == before


@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal"])
def test_export_onto_the_store_companions_is_refused(filled, store_path, cli, companion):
    target = store_path.with_name(store_path.name + companion)
    code, _out, err = cli("export", "jsonl", str(target))
    assert code != 0 and "store" in one_line(err)


def test_export_onto_a_store_backup_is_refused(filled, store_path, cli):
    backup = store_path.with_name(f"{store_path.stem}.backup-r0001-20260101T000000{store_path.suffix}")
    backup.write_bytes(store_path.read_bytes())
    before = backup.read_bytes()
    code, _out, err = cli("export", "jsonl", str(backup))
    assert code != 0 and "store" in one_line(err)
    assert backup.read_bytes() == before


def test_export_through_a_symlink_or_hard_link_to_the_store_is_refused(filled, store_path, cli, tmp_path):
    before = table_dump(store_path)
    link = tmp_path / "out.jsonl"
    link.symlink_to(store_path)
    hard = tmp_path / "hard.jsonl"
    os.link(store_path, hard)
    for target in (link, hard):
        code, _out, err = cli("export", "jsonl", str(target))
        assert code != 0 and "store" in one_line(err)
    assert table_dump(store_path) == before and link.is_symlink()


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_folder_export_into_the_folder_holding_the_store_is_refused(filled, store_path, cli, fmt):
    before = table_dump(store_path)
    code, _out, err = cli("export", fmt, str(store_path.parent))
    assert code != 0 and "store" in one_line(err)
    assert table_dump(store_path) == before


# ---- item 14: bad targets give one line -----------------------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_file_export_onto_an_existing_folder_is_refused(filled, cli, tmp_path, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    code, _out, err = cli("export", fmt, str(folder))
    assert code != 0 and str(folder) in one_line(err)


@pytest.mark.parametrize("fmt", ("spacy", "brat", "text"))
def test_folder_export_onto_an_existing_file_is_refused(filled, cli, tmp_path, fmt):
    target = tmp_path / "out"
    target.write_text("keep me", encoding="utf-8")
    code, _out, err = cli("export", fmt, str(target))
    assert code != 0 and str(target) in one_line(err)
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("fmt", FILE_FORMATS + FOLDER_FORMATS)
def test_export_under_a_file_is_refused(filled, cli, tmp_path, fmt):
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    code, _out, err = cli("export", fmt, str(blocker / "sub" / "out.jsonl"))
    assert code != 0 and str(blocker) in one_line(err)


@pytest.mark.parametrize("root", ["/proc", "/sys", "/dev"])
def test_export_into_system_folders_is_refused(filled, cli, root):
    code, _out, err = cli("export", "jsonl", f"{root}/glossator-out.jsonl")
    assert code != 0 and root in one_line(err)
    assert not Path(f"{root}/glossator-out.jsonl").exists()


@pytest.mark.parametrize("fmt", ("jsonl", "brat"))
def test_export_with_a_name_too_long_is_refused(filled, cli, tmp_path, fmt):
    code, _out, err = cli("export", fmt, str(tmp_path / ("n" * 300 + ".jsonl")))
    assert code != 0 and "long" in one_line(err)


def test_export_into_a_foreign_non_empty_folder_is_refused(filled, cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("years of work", encoding="utf-8")
    for fmt in FOLDER_FORMATS:
        code, _out, err = cli("export", fmt, str(folder))
        assert code != 0 and str(folder) in one_line(err)
    assert snapshot(folder) == {"thesis.tex": b"years of work"}


def test_export_over_an_earlier_export_of_another_format_is_refused(filled, cli, tmp_path):
    folder = tmp_path / "out"
    assert cli("export", "brat", str(folder))[0] == 0
    before = snapshot(folder)
    code, _out, err = cli("export", "spacy", str(folder))
    assert code != 0 and "brat" in one_line(err)
    assert snapshot(folder) == before


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_folder_export_replaces_its_own_earlier_export_whole(store, cli, tmp_path, fmt):
    import_records(store, documents(4, status="done") + documents(8)[4:])
    folder = tmp_path / "out"
    assert cli("export", fmt, str(folder))[0] == 0
    everything = snapshot(folder)
    code, _out, err = cli("export", fmt, str(folder), "--status", "done")
    assert code == 0, err
    fewer = snapshot(folder)
    assert fewer and fewer != everything
    assert len(fewer) <= len(everything)
    assert hidden_leftovers(folder.parent) == []
    # into an empty existing folder is fine too
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("export", fmt, str(empty))[0] == 0 and snapshot(empty)


# ---- item 15: options refused before anything is written --------------------------------


@pytest.mark.parametrize("split", ["2", "-1", "nan", "inf", "1"])
def test_bad_split_is_refused(filled, cli, tmp_path, split):
    folder = tmp_path / "out"
    code, _out, err = cli("export", "spacy", str(folder), "--split", split)
    assert code != 0 and "split" in one_line(err)
    assert not folder.exists()


def test_unknown_status_is_refused_before_the_old_export_is_replaced(filled, cli, tmp_path):
    out = tmp_path / "out.jsonl"
    assert cli("export", "jsonl", str(out))[0] == 0
    before = out.read_bytes()
    code, _out, err = cli("export", "jsonl", str(out), "--status", "bogus")
    assert code != 0 and "bogus" in one_line(err)
    assert out.read_bytes() == before


# ---- item 5: interrupted and killed exports ---------------------------------------------


def _split_members(folder: Path) -> tuple[list[str], list[str]]:
    from spacy.tokens import DocBin

    from annotations.tokens import blank

    vocab = blank("en").vocab
    titles = []
    for name in ("train.spacy", "dev.spacy"):
        docs = DocBin(store_user_data=True).from_disk(folder / name).get_docs(vocab)
        titles.append(sorted(d.user_data["glossator"]["title"] for d in docs))
    return titles[0], titles[1]


def test_a_failure_while_writing_dev_leaves_the_earlier_spacy_export_whole(store, store_path, tmp_path):
    """The second export fails (file size limit) after train.spacy is written and
    before dev.spacy is: the old train/dev pair must stay as it was (no leak)."""
    import_records(store, documents(30, length=8000, noisy=True))
    store.close()
    folder = tmp_path / "out"
    first = subprocess.run([*CLI, "--store", str(store_path), "--quiet", "export", "spacy", str(folder),
                            "--seed", "1", "--split", "0.8"], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = snapshot(folder)
    train, dev = (folder / "train.spacy").stat().st_size, (folder / "dev.spacy").stat().st_size
    assert train * 2 < dev and train > 40_000  # above the -shm file's 32 KiB
    limit = (train + dev) // 2
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from annotations.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    second = subprocess.run([sys.executable, "-c", script, "--store", str(store_path), "--quiet", "export",
                             "spacy", str(folder), "--seed", "2", "--split", "0.8"],
                            capture_output=True, text=True, timeout=300)
    assert second.returncode != 0, second.stderr
    one_line(second.stderr)
    assert snapshot(folder) == before
    train_titles, dev_titles = _split_members(folder)
    assert not set(train_titles) & set(dev_titles) and len(train_titles) + len(dev_titles) == 30
    assert hidden_leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ("spacy", "jsonl"))
def test_ctrl_c_during_an_export_leaves_the_old_one_whole(store, tmp_path, fmt):
    import_records(store, documents(12))
    out = tmp_path / ("out" if fmt == "spacy" else "out.jsonl")
    export_store(store, fmt, out, seed=1)
    before = snapshot(out) if fmt == "spacy" else out.read_bytes()

    def interrupt(done, total):
        if done == total - 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_store(store, fmt, out, seed=2, progress=interrupt)
    assert (snapshot(out) if fmt == "spacy" else out.read_bytes()) == before
    assert hidden_leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ("jsonl", "spacy", "brat"))
def test_a_killed_export_leaves_no_hidden_files_after_the_next_run(store, store_path, tmp_path, fmt):
    import_records(store, documents(1500, length=800))
    store.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / ("out.jsonl" if fmt == "jsonl" else "out")
    args = [*CLI, "--store", str(store_path), "--quiet", "export", fmt, str(out)]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        seen = False
        while child.poll() is None and not seen:  # wait for the export's temporary file or folder
            seen = any(p.name.startswith(".") for p in folder.iterdir())
            time.sleep(0.002)  # polling for the file, not timing anything
        assert seen, "the export finished before its temporary file was seen"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_export_store_refuses_bad_split_directly(filled, tmp_path):
    for split in (float("nan"), float("inf"), -0.5, 1.0, 3):
        with pytest.raises(GlossatorError):
            export_store(filled, "spacy", tmp_path / "out", split=split)
    assert not (tmp_path / "out").exists()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_export_cleans_up_after_a_killed_one(filled, tmp_path):
    """A kill between the two renames of a swap leaves the old export aside under a
    temporary name: the next export in that folder puts it back; a dead process's
    temporary file is removed; a live process's is left alone."""
    pid = dead_pid()
    aside = tmp_path / f".glossator-tmp-{pid}-0a1b2c3d"
    aside.mkdir()
    (aside / "00001.txt").write_text("old export", encoding="utf-8")
    (aside / ".glossator-export").write_text('{"format": "text", "name": "old"}', encoding="utf-8")
    stale_file = tmp_path / f".glossator-tmp-{pid}-deadbeef"
    stale_file.write_text("half a file", encoding="utf-8")
    live_file = tmp_path / f".glossator-tmp-{os.getpid()}-cafe0001"
    live_file.write_text("being written", encoding="utf-8")
    export_store(filled, "jsonl", tmp_path / "new.jsonl")
    assert (tmp_path / "old" / "00001.txt").read_text(encoding="utf-8") == "old export"
    assert not aside.exists() and not stale_file.exists()
    assert live_file.exists()


@pytest.mark.parametrize("fmt", ("jsonl", "doccano", "labelstudio"))
def test_a_nan_left_by_an_older_release_fails_json_exports_with_one_line(store, store_path, cli, tmp_path, fmt):
    import_records(store, documents(2, status="new") + [DocumentRecord(
        text="Ana Ruiz said 3,500 jobs.", meta={"x": 1.0},
        spans=[SpanRecord(start=14, end=19, label="FIGURE", attributes={"value": 1.0})])])
    store.close()
    import sqlite3

    con = sqlite3.connect(store_path)  # what an older release could store
    con.execute("UPDATE document SET meta = '{\"x\": NaN}' WHERE meta LIKE '%\"x\"%'")
    con.commit()
    con.close()
    out = tmp_path / ("out.jsonl" if fmt != "labelstudio" else "out")
    code, _out, err = cli("export", fmt, str(out))
    assert code != 0 and "NaN" in one_line(err)
    assert not out.exists()
