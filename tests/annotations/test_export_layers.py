"""Exports with several annotators' layers (DECISIONS, "Export default with
layers"): per document `gold` if it has it, else its one layer; a document with
several layers and no gold is skipped and reported, unless `--layer` names the
layers or `--all-layers` takes every one. Suggestions are not a layer."""
import json

from annotations.services import add_span, import_records
from annotations.services.suggestions import run_suggester
from annotations.types import DocumentRecord

TEXTS = ["Ana Ruiz said 3,500 jobs were lost.\n", "Peru denied it, Lima said.\n", "Kenya raised rates.\n"]


def exported(cli, tmp_path, *options):
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}.jsonl"
    code, _, err = cli("export", "jsonl", out, *options)
    assert code == 0, err
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {t["text"]: sorted((s["start"], s["end"], s["label"]) for s in t["spans"]) for t in tasks}, err


def test_default_gold_else_the_one_layer_else_skipped_and_reported(store, cli, tmp_path):
    both, single, golden = import_records(store, [DocumentRecord(text=t) for t in TEXTS]).document_ids
    add_span(store, both, 0, 8, "ACTOR", {"kind": "person"}, annotator="ana")
    add_span(store, both, 4, 8, "ACTOR", {"kind": "person"}, annotator="ben")
    add_span(store, single, 0, 4, "ACTOR", {"kind": "state"}, annotator="ana")
    add_span(store, golden, 0, 5, "ACTOR", {"kind": "state"}, annotator="ana")
    add_span(store, golden, 0, 5, "ACTOR", {"kind": "state"}, annotator="gold")
    add_span(store, golden, 6, 12, "FIGURE", {}, annotator="ben")
    store.close()
    docs, err = exported(cli, tmp_path)
    assert TEXTS[0] not in docs  # two layers, no gold: skipped...
    assert f"document {both}" in err and "layers ana, ben and no gold: skipped" in err  # ...and reported
    assert docs[TEXTS[1]] == [(0, 4, "ACTOR")]  # the one layer
    assert docs[TEXTS[2]] == [(0, 5, "ACTOR")]  # gold only, not ben's FIGURE nor ana's copy
    docs, _ = exported(cli, tmp_path, "--layer", "ben")
    assert docs[TEXTS[0]] == [(4, 8, "ACTOR")] and docs[TEXTS[1]] == [] and docs[TEXTS[2]] == [(6, 12, "FIGURE")]
    docs, err = exported(cli, tmp_path, "--all-layers")
    assert docs[TEXTS[0]] == [(0, 8, "ACTOR"), (4, 8, "ACTOR")] and len(docs) == 3 and "skipped" not in err


def test_suggestions_are_not_a_layer(store, cli, tmp_path):
    [doc] = import_records(store, [DocumentRecord(text=TEXTS[0])]).document_ids
    run_suggester(store, "rules", [doc])
    add_span(store, doc, 0, 8, "ACTOR", {"kind": "person"}, annotator="ana")
    store.close()
    docs, err = exported(cli, tmp_path, "--include-suggestions")
    assert "skipped" not in err and (0, 8, "ACTOR") in docs[TEXTS[0]] and len(docs[TEXTS[0]]) > 1


def test_status_takes_a_comma_list_and_annotated(store, cli, tmp_path):
    from annotations.services import set_status

    fresh, annotated, done = import_records(store, [DocumentRecord(text=t) for t in TEXTS]).document_ids
    add_span(store, annotated, 0, 4, "ACTOR", {"kind": "state"}, annotator="ana")
    set_status(store, done, "done")
    store.close()
    docs, _ = exported(cli, tmp_path, "--status", "done,annotated")
    assert set(docs) == {TEXTS[1], TEXTS[2]}  # the never-opened document stays out
    docs, _ = exported(cli, tmp_path, "--status", "annotated")
    assert set(docs) == {TEXTS[1]}
    docs, _ = exported(cli, tmp_path, "--status", "new")
    assert set(docs) == {TEXTS[0], TEXTS[1]}
    code, _, err = cli("export", "jsonl", tmp_path / "bad.jsonl", "--status", "done,finished")
    assert code == 1 and "'finished' is not a document status" in err and not (tmp_path / "bad.jsonl").exists()
