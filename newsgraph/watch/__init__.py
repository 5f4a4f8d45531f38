"""Fetch from the web: the pending URLs of feeds, and feeds and pages polled on a schedule.

Every response goes through the same readers and pipeline as files (``pipeline.ingest_items``):

- ``urls``     canonical URLs, and the sources a user gives (URLs, a file of them, OPML)
- ``net``      one safe HTTP exchange: http(s) only, addresses checked after DNS, sizes, times
               and decompression bounded, redirects followed to a bound, retries with backoff
- ``polite``   robots.txt, a per-host delay and concurrency cap
- ``archive``  every response kept in a WARC file beside the database
- ``state``    what was fetched, its validators and failures, in the database
- ``links``    the article links of a section page given as a source
- ``rounds``   ``fetch`` and one round of ``watch``
"""
