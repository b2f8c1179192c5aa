"""The agreement, curate and report commands: the JSON shapes their --help
documents, the readable tables, and one-line errors that change nothing."""
from __future__ import annotations

import json
import stat
import subprocess
import sys


def test_agreement_json_shape(layered, cli):
    code, out, err = cli("agreement", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["layers"] == ["ana", "ben"]
    pair = data["pairs"][0]
    assert pair["documents"] == 5 and len(data["documents"]["single_layer"]) == 9
    for label in ("ACTOR", "FIGURE", "ASSERTION"):
        fig = pair["labels"][label]
        for kind in ("exact", "overlap"):
            assert set(fig[kind]) == {"both", "only_a", "only_b", "precision", "recall", "f1"}
        assert {"alpha_u_chars", "token_alpha", "token_kappa", "tokens", "attributes"} <= set(fig)
        assert set(data["labels_over_pairs"][label]) == {"exact", "overlap"}
    assert pair["relations"]["SOURCE"]["both"] == 23
    assert set(data["diagnostics"][0]) == {"a", "b", "confusion", "boundaries", "documents"}
    code, help_text, _ = cli("agreement", "--help")
    assert '"only_a_documents": [ids]' in help_text and "alpha_u_chars" in help_text


def test_agreement_tables_and_filters(layered, cli):
    code, out, err = cli("agreement", "--layer", "ana", "--layer", "ben", "--label", "FIGURE", "--docs", "1,3-5")
    assert code == 0, err
    assert "ana vs ben: 3 document(s) compared" in out
    assert "FIGURE" in out and "ASSERTION" not in out
    assert "roughly €1.9 billion" in out  # a boundary-only disagreement, quoted


def test_agreement_errors_are_one_line(layered, cli):
    for args, message in ((("--layer", "zoe", "--layer", "ana"), "zoe"), (("--docs", "1,x"), "'x'"),
                          (("--label", "PERSON"), "PERSON"), (("--layer", "ana"), "two layers")):
        code, out, err = cli("agreement", *args)
        assert code == 1 and message in err and len(err.strip().splitlines()) == 1, (args, err)


def test_curate_twice_and_report(layered, cli, tmp_path):
    code, out, err = cli("curate", "--strategy", "majority", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["spans_added"] == 116  # with two layers, majority (> half) is unanimity
    code, out, _ = cli("curate", "--strategy", "majority", "--json")
    assert json.loads(out)["spans_added"] == 0
    target = tmp_path / "out" / "report.html"
    code, out, err = cli("report", str(target), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["charts"]["agreement_heatmap"] and data["charts"]["label_counts"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temp file left


def test_agreement_package_never_imports_spacy_or_qt():
    code = ("import sys, annotations.agreement, annotations.agreement.diagnostics, annotations.agreement.curation, "
            "annotations.agreement.report, annotations.agreement.dashboard, annotations.agreement.charts; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'PySide6', 'desktop')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_report_into_a_folder_is_one_line_and_leaves_nothing(layered, cli, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    code, out, err = cli("report", str(target))
    assert code == 1 and str(target) in err and len(err.strip().splitlines()) == 1
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".taken")]  # no temp file left
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
