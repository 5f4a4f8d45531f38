"""The web view: a FastAPI app (JSON under /api, pages elsewhere); start it with `newsgraph serve`."""

from newsgraph.views.web.app import create_app

__all__ = ["create_app"]
