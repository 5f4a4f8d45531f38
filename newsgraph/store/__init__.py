"""Store: one schema (``schema.py``), SQLite by default, any SQLAlchemy database by URL."""

from newsgraph.store.db import Batch, NewArticle, Store, resolve_url

__all__ = ["Batch", "NewArticle", "Store", "resolve_url"]
