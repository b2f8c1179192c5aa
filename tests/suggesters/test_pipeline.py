"""The `pipeline:<path>` suggester with a small spaCy pipeline saved inside the test."""
from __future__ import annotations

import pytest
import spacy

from annotations.errors import GlossatorError
from annotations.services import get_spans
from annotations.services.suggestions import run_suggester
from annotations.suggesters import get_suggester
from annotations.suggesters.pipeline import PipelineSuggester
from tests.conftest import EXAMPLE


@pytest.fixture
def pipeline_dir(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Ana Ruiz"},
        {"label": "ORG", "pattern": "Apple"},
        {"label": "GPE", "pattern": "Cupertino"},
        {"label": "CARDINAL", "pattern": [{"LOWER": "about"}, {"TEXT": "3,500"}]},
        {"label": "DATE", "pattern": "today"},
    ])
    path = tmp_path / "tiny_pipeline"
    nlp.to_disk(path)
    return path


def test_entities_are_mapped_to_schema_labels(pipeline_dir):
    suggester = get_suggester(f"pipeline:{pipeline_dir}")
    (suggestion,) = list(suggester.suggest([EXAMPLE + " It rained today."]))
    found = {(EXAMPLE[s.start : s.end], s.label): s.attributes for s in suggestion.spans}
    assert found == {
        ("Apple", "ACTOR"): {"kind": "organization"},
        ("Cupertino", "ACTOR"): {"kind": "state"},
        ("Ana Ruiz", "ACTOR"): {"kind": "person"},
        ("about 3,500", "FIGURE"): {"value": 3500, "approximate": True},
    }


def test_label_mapping_is_configurable(pipeline_dir):
    suggester = PipelineSuggester(str(pipeline_dir), {"GPE": ("ACTOR", {"kind": "state"})})
    (suggestion,) = list(suggester.suggest([EXAMPLE]))
    assert [(EXAMPLE[s.start : s.end], s.label) for s in suggestion.spans] == [("Cupertino", "ACTOR")]


def test_pipeline_suggestions_are_stored(store, doc_id, pipeline_dir):
    result = run_suggester(store, f"pipeline:{pipeline_dir}", [doc_id])
    spans = get_spans(store, doc_id)
    assert result.added == 4
    assert {s.suggester for s in spans} == {f"pipeline:{pipeline_dir}"}


def test_missing_pipeline_says_so_and_never_downloads(store, doc_id):
    with pytest.raises(GlossatorError, match="not installed.*rules"):
        get_suggester("pipeline:xx_no_such_pipeline_sm")
    with pytest.raises(GlossatorError, match="needs a name"):
        get_suggester("pipeline:")
