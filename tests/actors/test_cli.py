"""`glossator actors ...` and `glossator sources` through the real CLI on a real store."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from annotations.store import Store
from tests.conftest import table_dump

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "resources" / "samples" / "gold.jsonl"


def test_seed_list_show_add_alias_merge(cli, store_path):
    assert cli("init")[0] == 0
    code, _out, err = cli("actors", "seed", "states")
    assert code == 0 and "state(s)" in err
    code, out, _ = cli("actors", "list", "--query", "russia", "--json")
    (russia,) = [a for a in json.loads(out) if a["id"] == "iso3166:RU"]
    assert set(russia) == {"id", "name", "kind", "aliases", "external_ids", "notes", "mentions"}
    code, out, _ = cli("actors", "show", "iso3166:US")
    assert code == 0 and "Washington" in out
    code, out, _ = cli("actors", "add", "Lena Hartmann", "--kind", "person", "--alias", "Hartmann",
                       "--external", "wikidata=Q1")
    lena = out.strip()
    assert code == 0 and len(lena) == 32
    assert cli("actors", "alias", lena, "L. Hartmann")[0] == 0
    other = cli("actors", "add", "Lena Hartman", "--kind", "person")[1].strip()
    assert cli("actors", "merge", lena, other)[0] == 0
    shown = json.loads(cli("actors", "show", lena, "--json")[1])
    assert {"Lena Hartmann", "Hartmann", "L. Hartmann", "Lena Hartman"} <= set(shown["aliases"])
    assert shown["external_ids"] == {"wikidata": "Q1"}


def test_bad_input_is_one_line_and_changes_nothing(cli, store_path, tmp_path):
    cli("init")
    before = table_dump(store_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nAnn,person\nBob,\n", encoding="utf-8")
    code, _out, err = cli("actors", "import", str(bad))
    assert code == 1 and err.strip().count("\n") == 0 and "bad.csv:3: field 'kind'" in err
    code, _out, err = cli("actors", "add", "X", "--kind", "planet")
    assert code == 1 and "unknown actor kind" in err and "Traceback" not in err
    code, _out, err = cli("actors", "show", "nobody")
    assert code == 1 and "no actor 'nobody'" in err
    code, _out, err = cli("actors", "label-all", "--actor", "iso3166:RU", "--docs", "1,x")
    assert code == 1 and "--docs" in err
    assert table_dump(store_path) == before


def test_gold_link_label_all_check_sources_json(cli, store_path, tmp_path):
    cli("init")
    assert cli("import", str(GOLD))[0] == 0
    cli("actors", "seed", "states")
    code, out, _ = cli("actors", "link", "--json")
    linked = json.loads(out)
    assert set(linked) == {"linked", "choices", "unmatched"} and linked["linked"]
    code, out, _ = cli("actors", "label-all", "--actor", "iso3166:ID", "--json")
    result = json.loads(out)
    assert set(result) == {"added", "linked_existing", "skipped", "documents", "spans"}
    assert result["documents"] == 14 and result["added"] == len(result["spans"]) >= 1
    code, out, _ = cli("actors", "check", "--json")
    assert set(json.loads(out)) == {"unlabelled", "conflicting_links", "mixed_kinds", "same_name"}
    code, out, _ = cli("sources", "--json")
    said = json.loads(out)
    assert said["attributed"] and set(said["attributed"][0]) == {
        "actor_id", "actor", "source_text", "stance", "document_id", "document", "assertion_id", "start", "end",
        "assertion"}
    csv_path = tmp_path / "said.csv"
    assert cli("sources", "--csv", str(csv_path))[0] == 0
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("actor_id,actor,") and len(lines) == 1 + len(said["attributed"]) + len(said["unsourced"])
    assert csv_path.stat().st_mode & 0o777 == 0o600  # it holds document text
    out_path = tmp_path / "reg.jsonl"
    assert cli("actors", "export", str(out_path))[0] == 0
    assert sum(1 for _ in out_path.open()) == len(json.loads(cli("actors", "list", "--json")[1]))


def test_actors_commands_never_import_spacy(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.create(path).close()
    child = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from annotations.cli import main
for args in (["actors", "seed", "states"], ["actors", "list"], ["actors", "link"], ["actors", "check"],
             ["actors", "label-all", "--actor", "iso3166:RU"], ["sources"], ["actors", "--help"]):
    try:
        main(["--store", {str(path)!r}, "--quiet", *args])
    except SystemExit as exc:
        if exc.code not in (0, None):
            print("FAILED", args); break
    if any(m.split(".")[0] in ("spacy", "thinc") for m in sys.modules):
        print("HEAVY", args); break
else:
    print("CLEAN")
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=300)
    assert done.stdout.strip().splitlines()[-1] == "CLEAN", done.stderr[-2000:]
