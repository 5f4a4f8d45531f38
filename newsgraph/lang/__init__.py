"""Knowledge the extractors read: word lists and tables kept as data files, not code.

Tables are tab-separated UTF-8 files under ``lang/en/``; lines starting with
``#`` are comments. Each table is read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

LANGUAGE = "en"


@lru_cache(maxsize=None)
def read_table(name: str, language: str = LANGUAGE) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV table, comments and blank lines dropped, cells stripped."""
    text = resources.files(__package__).joinpath(language, name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)
