"""Fast start: commands that need no NLP never import spaCy or thinc; global
options (--store, --annotator, --quiet) work before and after the command;
`docs --json` prints one JSON document of the documented shape."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from annotations.services import get_spans, import_records, list_events
from annotations.services.suggestions import run_suggester
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
NO_NLP = ("--help", "docs", "stats", "pending", "accept", "reject", "accept-all", "export", "merge", "assign",
          "checkout", "agreement", "actors", "search")

# Runs commands in one interpreter and names the first one after which spaCy or thinc is loaded.
CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from annotations.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args)
    except SystemExit as exc:
        if exc.code not in (0, None):
            print("FAILED", args, exc.code)
            break
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
    if heavy:
        print("HEAVY", args, heavy[:3])
        break
else:
    print("CLEAN")
"""


def run_commands(commands: list[list[str]]) -> str:
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), json.dumps(commands)],
                          capture_output=True, text=True, timeout=300)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:]


def glossator(*args: str) -> int:
    from annotations.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code or 0
    return 0


def suggested_store(path: Path) -> tuple[int, list[int]]:
    with Store.create(path) as store:
        [doc] = import_records(store, [DocumentRecord(text=EXAMPLE, title="Example")]).document_ids
        run_suggester(store, "rules", [doc])
        return doc, [s.id for s in get_spans(store, doc) if s.status == "pending"]


def test_commands_without_nlp_never_import_spacy_or_thinc(tmp_path):
    from annotations.cli.app import command_options

    path = tmp_path / "store.sqlite"
    doc, pending = suggested_store(path)
    store = ["--store", str(path), "--quiet"]
    commands = [["--help"]] + [[name, "--help"] for name in NO_NLP[1:] if name in command_options()]
    commands += [
        [*store, "docs"], [*store, "docs", "--json"], [*store, "stats"], [*store, "stats", "--json"],
        [*store, "pending"], [*store, "accept", str(pending[0])], [*store, "reject", str(pending[1])],
        [*store, "accept-all", str(doc)],
    ]
    commands += [[*store, "export", fmt, str(tmp_path / f"out-{fmt}")] for fmt in ("doccano", "labelstudio", "brat")]
    assert run_commands(commands) == "CLEAN"


def test_the_check_sees_a_command_that_loads_spacy(tmp_path):
    path = tmp_path / "store.sqlite"
    suggested_store(path)
    assert run_commands([["--store", str(path), "--quiet", "suggest"]]).startswith("HEAVY")


def test_global_options_work_after_the_command(tmp_path, capsys):
    path = tmp_path / "store.sqlite"
    doc, pending = suggested_store(path)
    for argv in (["accept", str(pending[0]), "--store", str(path), "--annotator", "alice", "-q"],
                 ["--store", str(path), "--annotator=bob", "reject", str(pending[1])],
                 ["accept-all", str(doc), f"--store={path}", "--annotator", "carol"]):
        assert glossator(*argv) == 0
    with Store.open(path) as store:
        who = [e["annotator"] for e in list_events(store) if e["action"] == "set_span_status"]
    assert who[:2] == ["alice", "bob"] and set(who[2:]) == {"carol"}
    capsys.readouterr()
    glossator("docs", "--json", "--store", str(path))
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_docs_json_is_one_document_of_the_documented_shape(tmp_path, capsys):
    path = tmp_path / "store.sqlite"
    doc, pending = suggested_store(path)
    glossator("--store", str(path), "docs", "--json")
    [row] = json.loads(capsys.readouterr().out)
    assert row == {"id": doc, "title": "Example", "source": None, "status": "new", "spans": 0,
                   "pending": len(pending), "length": len(EXAMPLE)}
    glossator("docs", "--help")
    help_text = capsys.readouterr().out
    for key in row:
        assert f'"{key}"' in help_text


def test_docs_table_lists_every_document_in_plain_columns(tmp_path, capsys):
    path = tmp_path / "store.sqlite"
    with Store.create(path) as store:
        import_records(store, [DocumentRecord(text=f"Chile said {n} people left.", title=f"Chile {n}\nmore")
                               for n in range(300)])
    glossator("--store", str(path), "docs")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "status", "spans", "pending", "title"]
    assert lines[1].split() == ["1", "new", "0", "0", "Chile", "0", "more"]
    assert lines[-1] == "300 document(s)" and len(lines) == 302


def test_hoisting_keeps_a_commands_own_option_of_the_same_name():
    from annotations.cli.app import hoist_global_options

    own = {"assign": {"--annotator", "--docs"}}
    assert hoist_global_options(["assign", "--annotator", "bob", "--store", "s"], own) == [
        "--store", "s", "assign", "--annotator", "bob"]
    assert hoist_global_options(["-q", "docs", "--json", "--store=s"], own) == ["-q", "--store=s", "docs", "--json"]
    assert hoist_global_options(["import", "--", "--store"], own) == ["import", "--", "--store"]
    assert hoist_global_options(["--store", "s"], own) == ["--store", "s"]
