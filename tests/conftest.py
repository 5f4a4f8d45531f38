"""Shared fixtures: the real spaCy model, a fresh SQLite file, and ../shared when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres_server import postgres_server  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO = ROOT / "demo" / "corpus"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout; tests that read it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    path = shared / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is missing")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsgraph import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def seed_text(path: Path) -> str:
    """A seed article's body as ingest stores it: what every offset in the tests refers to."""
    from newsgraph.ingest.text import parse_text

    return parse_text(path.read_text(encoding="utf-8"), path.name).text
