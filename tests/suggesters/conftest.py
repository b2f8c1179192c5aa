"""The rules suggester, built once per test module (building it compiles its patterns)."""
import pytest

from annotations.suggesters import get_suggester


@pytest.fixture(scope="module")
def rules():
    return get_suggester("rules")
