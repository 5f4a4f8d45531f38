"""A local news site for every test here (tests/watch/site.py): nothing touches the internet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.watch.site import Site, serve


@pytest.fixture()
def site() -> Iterator[Site]:
    found = Site()
    server = serve(found)
    yield found
    server.shutdown()
    server.server_close()
