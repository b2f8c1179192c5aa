"""Per-module stores for the format property tests: Hypothesis examples share
them (each example's texts are unique), so no store is created per example."""
from __future__ import annotations

import pytest

from annotations.store import Store


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    src, dst = Store.create(folder / "src.sqlite"), Store.create(folder / "dst.sqlite")
    yield src, dst, folder
    src.close()
    dst.close()
