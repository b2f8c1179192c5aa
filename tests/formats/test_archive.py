"""Archive import: a .zip or .tar(.gz) of import files (plain text, JSONL, a
brat folder) imports like the unpacked folder, names members as
`archive/member`, and leaves no temporary folder behind."""
from __future__ import annotations

import io
import json
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from annotations.errors import InputError
from annotations.services import get_spans, import_files, list_documents

FILES = {
    "notes/a.txt": "Ana Ruiz said 3,500 jobs were at risk.",
    "tasks.jsonl": json.dumps({"text": "Tim Cook leads Apple.", "spans": [{"start": 0, "end": 8, "label": "ACTOR"}]})
    + "\n",
    "brat/d.txt": "Finance Minister Ana Ruiz spoke.",
    "brat/d.ann": "T1\tACTOR 17 25\tAna Ruiz\n",
}


def make_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def make_tar(path: Path, files: dict[str, str], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tf:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("glossator-archive-*")}


@pytest.mark.parametrize("name,maker", [("corpus.zip", make_zip), ("corpus.tar.gz", make_tar),
                                        ("corpus.tgz", make_tar),
                                        ("corpus.tar", lambda p, f: make_tar(p, f, "w"))])
def test_archive_imports_text_jsonl_and_brat_folder(store, tmp_path, name, maker):
    before = leftovers()
    archive = maker(tmp_path / name, FILES)
    outcome = import_files(store, [archive])
    assert outcome.result.count == 3 and outcome.result.span_count == 2
    assert sorted(outcome.files) == sorted(f"{archive}/{m}" for m in ("brat", "notes/a.txt", "tasks.jsonl"))
    texts = {d.title: d.id for d in list_documents(store)}
    brat_doc = next(i for t, i in texts.items() if t.startswith("Finance"))
    (span,) = get_spans(store, brat_doc)
    assert (span.start, span.end, span.label) == (17, 25, "ACTOR")
    assert leftovers() == before


def test_errors_and_duplicates_name_the_archive_member(store, tmp_path):
    archive = make_zip(tmp_path / "c.zip", {**FILES, "tasks2.jsonl": FILES["tasks.jsonl"]})
    outcome = import_files(store, [archive])
    assert outcome.result.duplicates == [f"{archive}/tasks2.jsonl:1: 'Tim Cook leads Apple.'"]
    bad = make_zip(tmp_path / "bad.zip", {"ok.txt": "Fine text here.", "x/broken.jsonl": '{"text": \n'})
    with pytest.raises(InputError) as err:
        import_files(store, [bad])
    assert str(err.value).startswith(f"{bad}/x/broken.jsonl:1: ")
    assert "glossator-archive" not in str(err.value)


def test_archive_members_follow_a_forced_format(store, tmp_path):
    archive = make_zip(tmp_path / "c.zip", {"a.txt": "One text.", "b.jsonl": FILES["tasks.jsonl"]})
    outcome = import_files(store, [archive], format_name="jsonl")
    assert outcome.files == [f"{archive}/b.jsonl"] and outcome.result.span_count == 1
