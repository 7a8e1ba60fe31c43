"""The seen-article store: what every exported story looked like when it was last exported.

One record per story (`identity.story_key` of its canonical URL), reachable through every URL
that led to it (aliases). Two backends behind one protocol: an SQLite file in the job directory
(no server; `sqlite_store`) and Redis (distributed mode, shared by every worker of a job;
`redis_store`). This module holds what both share: the record, the protocol.

The store is the authority on "exported": a record is committed only after the article's line
is in the feed file, together with the feed file's new committed length. A line past that
length was never committed and is cut off when the job restarts (`job.IncrementalJob`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, NamedTuple, Protocol


@dataclass
class SeenRecord:
    key: str
    url: str
    content_sha1: str
    version: int
    published_at: str | None
    modified_at: str | None
    # The modification date discovery (sitemap lastmod, Atom updated) gave when we fetched it.
    lastmod: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str
    exported_at: str


RECORD_FIELDS = tuple(f.name for f in fields(SeenRecord))


class FeedEntry(NamedTuple):
    """A feed file a writer of this job opened, and how much of it is committed."""

    path: str
    size: int
    owner: str | None  # the worker that writes it (distributed mode)


class SeenStore(Protocol):
    def lookup(self, keys: Iterable[str]) -> SeenRecord | None: ...

    def commit(self, record: SeenRecord, aliases: Iterable[str], feeds: Mapping[str, int]) -> None:
        """Record an exported article and the committed length of the feeds it went to, in
        one transaction."""

    def touch(
        self,
        keys: Iterable[str],
        *,
        fetched_at: str,
        lastmod: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        """Note that a known article was fetched again and had not changed."""

    def claim(self, keys: Iterable[str]) -> bool:
        """Take the right to export this story in this run; False when another URL of it
        (in this worker or in a live one) got there first."""

    def feeds(self) -> list[FeedEntry]: ...

    def register_feed(self, path: str, size: int) -> None:
        """A writer opened `path`; its first `size` bytes are committed."""

    def forget_feeds(self, paths: Iterable[str]) -> None:
        """These files are complete: no writer will add to them."""

    def count(self) -> int: ...

    def templates(self) -> dict[str, dict[str, Any]]:
        """What was learned of each site's template (`extract.template`), by site."""
        ...

    def save_template(self, site: str, data: Mapping[str, Any]) -> None: ...

    def flush(self) -> None:
        """Make everything written so far durable."""

    def reset(self) -> None:
        """Forget every article and feed (`-a reset=1`)."""

    def close(self) -> None: ...


def unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(k for k in keys if k))


def text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
