"""``fetch`` and one round of ``watch``: feeds polled, new pages fetched, all of it ingested.

A round, holding the database's ingest lock (store/lock.py):

1. responses archived by a round that was stopped before storing them are read again from the
   WARC file (no request);
2. each source (feed or page) is asked for with the validators of its last answer
   (``If-None-Match``, ``If-Modified-Since``): an unchanged one answers 304 and costs nothing;
3. each URL to fetch (the ``pending_urls`` of every feed read so far, canonical, and not already
   fetched under this or another URL) is fetched once, and taken off ``pending_urls`` at the end;
4. every answer with a body is archived, its URL's state committed, and what it holds goes
   through the readers of ``ingest`` and ``pipeline.ingest_items``, so stories and reactions
   grow as the news arrives. At the end the round's answers are marked done.

A URL that fails (no answer, 429, 5xx after the retries, 404, refused) is reported with its
reason and the time it will be tried again; it never stops the others.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from itertools import chain
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from newsgraph import __version__
from newsgraph.errors import BadInput
from newsgraph.ingest import reader_for
from newsgraph.ingest.base import MAX_ARTICLE_BYTES, Item, Note
from newsgraph.ingest.detect import HEAD_BYTES, REFUSED, detect_format
from newsgraph.ingest.limits import guard, one_line
from newsgraph.ingest.warc import page_item
from newsgraph.model import Article, PendingUrl, ReadFailure
from newsgraph.pipeline import IngestReport, ingest_items
from newsgraph.store import Store
from newsgraph.store.lock import ingest_lock
from newsgraph.watch import net, state
from newsgraph.watch.archive import Archive, folder_for
from newsgraph.watch.links import article_links, feeds_of
from newsgraph.watch.net import FetchError, Limits, Network, NotPublic, Response, retry_after
from newsgraph.watch.polite import Polite
from newsgraph.watch.urls import canonical, origin

CONTACT_VAR = "NEWSGRAPH_CONTACT"  # an address or page the sites we read can reach us at
GONE = (404, 410)  # asked again a day later, not at the pace of a failing server


def user_agent() -> str:
    contact = os.environ.get(CONTACT_VAR, "").strip()
    return f"newsgraph/{__version__} (news monitor; obeys robots.txt{'; ' + contact if contact else ''})"


@dataclass
class Settings:
    """How a round fetches; every field has a command-line option."""

    limits: Limits = field(default_factory=Limits)
    delay: float = 1.0  # seconds between two requests to one host
    per_host: int = 1  # requests to one host at once
    workers: int = 4  # requests at once, all hosts
    allowed: tuple[Network, ...] = ()  # private networks that may be fetched from (net.EVERYWHERE: all)
    extract: bool = True
    warc: Path | None = None  # default: beside the database (archive.folder_for)
    user_agent: str = field(default_factory=user_agent)


@dataclass(frozen=True)
class Problem:
    url: str
    reason: str
    next_try: str | None


@dataclass
class RoundReport:
    """What one round asked and got; ``ingest`` is what the pipeline made of it."""

    started: str = field(default_factory=lambda: state.stamp(state.now()))
    requests: int = 0  # robots.txt, redirects and retries included
    not_modified: int = 0  # 304: unchanged since the last round
    fetched: int = 0  # answers with a body, archived
    replayed: int = 0  # read again from the archive after a stopped round
    failed: list[Problem] = field(default_factory=list)
    waiting: list[Problem] = field(default_factory=list)  # not asked: waiting after a failure
    ingest: IngestReport = field(default_factory=IngestReport)

    def to_dict(self) -> dict[str, Any]:
        problems = lambda found: [{"url": p.url, "reason": p.reason, "next_try": p.next_try} for p in found]  # noqa: E731
        return {
            "started": self.started,
            "requests": self.requests,
            "not_modified": self.not_modified,
            "fetched": self.fetched,
            "replayed": self.replayed,
            "failed": problems(self.failed),
            "waiting": problems(self.waiting),
            "ingest": self.ingest.to_dict(),
        }


def run_round(store: Store, sources: list[str], settings: Settings) -> RoundReport:
    """One round over ``sources`` (canonical URLs; none for ``fetch``): see the module docstring."""
    with ingest_lock(store.engine, store.url):
        work = _Round(store, settings)
        try:
            work.report.ingest = ingest_items(work.items(sources), store, extract=settings.extract)
        finally:
            work.http.close()
            work.report.requests = work.polite.requests
        state.finish(store.engine)
        state.forget_pending(store.engine, work.settled)
    return work.report


class _Round:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.engine = store, store.engine
        self.settings = settings
        self.archive = Archive(settings.warc or folder_for(store.url))
        self.http = net.client(settings.limits, settings.user_agent, allowed=settings.allowed, connections=2 * settings.workers)
        self.polite = Polite(self.engine, self._robots, delay=settings.delay, per_host=settings.per_host)
        self.report = RoundReport()
        self.settled: list[str] = []  # pending URLs fetched (under this or another URL) or unusable

    def items(self, sources: list[str]) -> Iterator[Item]:
        found: list[PendingUrl] = []
        feeds = self._fetch_all(self._due(sources, feeds=True))
        for item in chain(self._replay(), (item for url, outcome in feeds for item in self._use(url, "source", outcome))):
            if isinstance(item, PendingUrl):
                found.append(item)
            yield item
        entries = self._entries(found)
        due = self._due(list(entries), feeds=False)
        waiting = {p.url for p in self.report.waiting}
        self.settled += [entry.url for url, entry in entries.items() if url not in due and url not in waiting]
        for url, outcome in self._fetch_all(due):
            yield from self._use(url, "page", outcome, entries[url])

    # -- what to ask for ---------------------------------------------------------------

    def _due(self, urls: list[str], feeds: bool) -> list[str]:
        """URLs to ask for now: feeds every round, pages once; not those waiting after a failure."""
        rows, moment = state.states(self.engine, urls), state.stamp(state.now())
        due = []
        for url in urls:
            row = rows.get(url)
            if row and row["next_try"] and row["next_try"] > moment:
                self.report.waiting.append(Problem(url, row["reason"] or "failed before", row["next_try"]))
            elif feeds or row is None or row["state"] not in state.KNOWN:
                due.append(url)
        return due

    def _entries(self, found: list[PendingUrl]) -> dict[str, PendingUrl]:
        """Every URL to fetch, stored and just found, by canonical URL, each once."""
        entries: dict[str, PendingUrl] = {}
        for row in self.store.pending():
            found.append(PendingUrl(**row))
        for entry in found:
            try:
                entries.setdefault(canonical(entry.url), entry)
            except BadInput as err:  # reported once, then taken off the list
                self.report.failed.append(Problem(entry.url, err.message, None))
                self.settled.append(entry.url)
        return entries

    def _fetch_all(self, urls: list[str]) -> Iterator[tuple[str, Response | FetchError]]:
        """Answers in the order asked (so a run is the same however fast hosts answer), hosts
        taken in turn so that one slow host does not hold every worker."""
        if not urls:
            return
        pool = ThreadPoolExecutor(self.settings.workers, thread_name_prefix="fetch")
        try:
            futures: list[tuple[str, Future[Response]]] = [(url, pool.submit(self._get, url)) for url in _by_host(urls)]
            for url, future in futures:
                try:
                    yield url, future.result()
                except FetchError as err:
                    yield url, err
        finally:  # stopped (Ctrl-C, an error downstream): what has not started is not asked for
            pool.shutdown(wait=False, cancel_futures=True)

    def _get(self, url: str) -> Response:
        row = state.get(self.engine, url)
        headers = {}
        if row and row["state"] in state.KNOWN + ("failed",):
            if row["etag"]:
                headers["If-None-Match"] = row["etag"]
            if row["last_modified"]:
                headers["If-Modified-Since"] = row["last_modified"]
        return net.get(self.http, url, self.settings.limits, self.polite.pace, headers)

    def _robots(self, url: str) -> Response:
        answer = net.get(self.http, url, self.settings.limits, self.polite.turn)
        self.archive.keep(answer)
        return answer

    # -- what to make of an answer -----------------------------------------------------

    def _use(self, url: str, kind: str, outcome: Response | FetchError, entry: PendingUrl | None = None) -> Iterator[Item]:
        if isinstance(outcome, FetchError):
            wait = None if outcome.transient else timedelta(0) if isinstance(outcome, NotPublic) else state.LONGEST_WAIT
            self._failed(url, kind, one_line(outcome.reason), wait)
            return
        moment = state.stamp(state.now())
        if outcome.status == 304:  # an answer re-read from the archive this round stays "fetched" until stored
            self.report.not_modified += 1
            done = {} if (state.get(self.engine, url) or {}).get("state") == "fetched" else {"state": "done"}
            state.put(self.engine, url, kind=kind, **done, http_status=304, checked_at=moment, failures=0, next_try=None, reason=None)
            return
        name, offset = self.archive.keep(outcome)
        self.report.fetched += 1
        if outcome.status != 200:
            self._failed(url, kind, f"HTTP {outcome.status} {outcome.reason}".strip(), _wait(outcome), outcome.status)
            return
        items = self._read(outcome.body, outcome.url, outcome.header("content-type") or "", entry, source=kind == "source")
        article = next((i for i in items if isinstance(i, Article)), None)
        state.put(
            self.engine, url, kind=kind, state="fetched", http_status=200, final_url=outcome.url,
            etag=outcome.header("etag"), last_modified=outcome.header("last-modified"),
            article_id=article.id if article and article.format == "web" else None,  # a page's article (not a feed's entries)
            fetched_at=moment, checked_at=moment, failures=0, next_try=None, reason=None, warc_file=name, warc_offset=offset,
        )  # fmt: skip
        if kind == "page":
            if entry is not None:
                self.settled.append(entry.url)
            state.seen(self.engine, [u for u in _canonicals(outcome.url, article.url if article else None) if u != url], article.id if article else None)
        yield from items

    def _failed(self, url: str, kind: str, reason: str, wait: timedelta | None, status: int | None = None) -> None:
        at = state.failed(self.engine, url, kind, reason, wait=wait, http_status=status)
        self.report.failed.append(Problem(url, reason, at))

    def _replay(self) -> Iterator[Item]:
        """Answers archived by a round stopped before it stored them: read again, not fetched."""
        rows = state.unfinished(self.engine)
        entries = _by_canonical(self.store.pending()) if rows else {}
        for row in rows:
            try:
                uri, content_type, body = self.archive.read(row["warc_file"], row["warc_offset"])
            except (OSError, StopIteration, ValueError) as err:
                self._failed(row["url"], row["kind"], f"archived answer could not be read again ({err}); fetched again", timedelta(0))
                continue
            self.report.replayed += 1
            yield from self._read(body, row["final_url"] or uri, content_type, entries.get(row["url"]), source=row["kind"] == "source")

    def _read(self, body: bytes, location: str, content_type: str, entry: PendingUrl | None, source: bool = False) -> list[Item]:
        """What the readers of ``ingest`` make of an answer's body, made safe by ``guard``; a
        source's HTML page gives the article links on it too (watch/links.py)."""
        fmt = detect_format(body.lstrip()[:HEAD_BYTES], location)
        if fmt == "html":  # over MAX_ARTICLE_BYTES (None) it is no article page, as in a WARC file
            page = body if len(body) <= MAX_ARTICLE_BYTES else None
            found: list[Item] = [page_item(location, page, content_type, url=None, format="web")]
            if source and page is not None:
                found = _section(found[0], page, location)
        elif fmt in REFUSED:
            found = [ReadFailure(location, REFUSED[fmt])]
        else:
            try:
                found = list(reader_for(fmt)(io.BytesIO(body), location))
            except BadInput as err:
                found = [ReadFailure(location, err.message.removeprefix(f"{location}: "))]
            except Exception as err:  # a reader that breaks on one answer costs only that answer
                found = [ReadFailure(location, f"could not be read ({type(err).__name__}: {err})")]
        return [safe for item in found for safe in guard(_completed(item, location, entry))]


def _section(page: Item, body: bytes, location: str) -> list[Item]:
    """A source page: the article it holds (if any), the article links it lists, and a note
    naming the feed it offers. A section front with links is no failure to report."""
    outlet = page.outlet if isinstance(page, Article) else None
    found: list[Item] = list(article_links(body, location, outlet))
    if isinstance(page, Article) or not found:
        found.insert(0, page)
    offered = feeds_of(body, location)
    if offered:
        found.append(Note(location, f"this page offers a feed, {offered[0]}; watching the feed costs less and misses nothing"))
    return found


def _completed(item: Item, location: str, entry: PendingUrl | None) -> Item:
    """A page's URL (its canonical link, else where it was fetched), and its outlet and date from
    the feed entry that linked to it when the page gives none; a feed's links made absolute."""
    if isinstance(item, Article):
        return replace(
            item,
            url=item.url or location,
            outlet=item.outlet or (entry.outlet if entry else None),
            published=item.published or (entry.published if entry else None),
        )
    if isinstance(item, PendingUrl):
        return replace(item, url=urljoin(location, item.url))
    return item


def _by_canonical(rows: list[dict[str, Any]]) -> dict[str, PendingUrl]:
    """Stored URLs to fetch by canonical URL (those that have none left out)."""
    found: dict[str, PendingUrl] = {}
    for row in rows:
        for url in _canonicals(row["url"]):
            found.setdefault(url, PendingUrl(**row))
    return found


def _canonicals(*urls: str | None) -> list[str]:
    found = []
    for url in filter(None, urls):
        try:
            found.append(canonical(url))
        except BadInput:  # a canonical link that is not http(s): nothing to remember
            pass
    return found


def _wait(answer: Response) -> timedelta | None:
    if answer.status in GONE:
        return state.LONGEST_WAIT
    asked = retry_after(answer.header("retry-after")) if answer.status in (429, 503) else None
    return None if asked is None else min(timedelta(seconds=asked), state.LONGEST_WAIT)


def _by_host(urls: list[str]) -> list[str]:
    """``urls`` reordered to take hosts in turn: a, b, c, a, b, a ..."""
    queues: dict[str, list[str]] = {}
    for url in urls:
        queues.setdefault(origin(url), []).append(url)
    ordered: list[str] = []
    while queues:
        for key in list(queues):
            ordered.append(queues[key].pop(0))
            if not queues[key]:
                del queues[key]
    return ordered
