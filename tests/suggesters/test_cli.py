"""`glossator suggest`, `suggesters`, `evaluate` and the review commands."""
from __future__ import annotations

from annotations.services import get_spans


def test_suggest_then_review_from_the_cli(cli, store, doc_id, store_path):
    code, _out, err = cli("suggest", "--doc", doc_id)
    assert code == 0, err
    pending = get_spans(store, doc_id, ["pending"])
    assert pending
    code, out, _ = cli("pending", "--order", "document", "--limit", "100")
    assert code == 0 and len(out.splitlines()) == len(pending)
    code, _, err = cli("reject", pending[0].id)
    assert code == 0, err
    code, _, err = cli("accept-all", doc_id)
    assert code == 0, err
    statuses = sorted(s.status for s in get_spans(store, doc_id))
    assert statuses == ["accepted"] * (len(pending) - 1) + ["rejected"]
    code, _, err = cli("accept", pending[0].id)
    assert code == 1 and "not a pending suggestion" in err


def test_suggest_unknown_pipeline_fails_with_one_line(cli, store, doc_id):
    code, _out, err = cli("suggest", "--suggester", "pipeline:xx_missing_pipeline")
    assert code == 1
    assert err.strip().count("\n") == 0 and "not installed" in err


def test_suggesters_lists_rules(cli, store):
    code, out, _ = cli("suggesters")
    assert code == 0 and "rules" in out.split()


def test_evaluate_prints_per_label_scores(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"text": "Chile said about 40 people left.", "spans": ['
        '{"start": 0, "end": 5, "label": "ACTOR", "attributes": {"kind": "state"}},'
        '{"start": 11, "end": 19, "label": "FIGURE", "attributes": {"value": 40, "unit": "people", "approximate": true}},'
        '{"start": 0, "end": 32, "label": "ASSERTION", "attributes": {"stance": "states"}}]}\n',
        encoding="utf-8",
    )
    code, out, err = cli("evaluate", gold)
    assert code == 0, err
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert rows["ACTOR"][1:6] == ["1", "1", "1.000", "1.000", "1.000"]
    assert rows["FIGURE"][5] == "1.000" and rows["ASSERTION"][5] == "1.000"


def test_evaluate_prints_error_families_and_score_quintiles(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"text": "U.S. exports fell, Rosa Kettle said.", "spans": ['
        '{"start": 0, "end": 4, "label": "ACTOR", "optional": true, "attributes": {"kind": "state"}},'
        '{"start": 5, "end": 12, "label": "ACTOR", "attributes": {"kind": "organization"}}]}\n',
        encoding="utf-8",
    )
    code, out, err = cli("evaluate", gold, "--suggester", "rules")
    assert code == 0, err
    assert "precision by score: top fifth" in out
    assert "ACTOR missed: organization (not found) 1" in out
    assert "ACTOR false alarms: actor:person-cue (spurious) 1" in out
