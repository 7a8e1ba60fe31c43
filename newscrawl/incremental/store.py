"""The seen-article store: what every exported story looked like when it was last exported.

One record per story (`identity.story_key` of its canonical URL), reachable through every URL
that led to it (aliases). Two backends behind one protocol: an SQLite file in the job directory
(no server) and Redis (distributed mode, shared by every worker of a job).

The store is the authority on "exported": a record is committed only after the article's line
is in the feed file, together with the feed file's new committed length. A line past that
length was never committed and is cut off when the job restarts (`job.IncrementalJob`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
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


_RECORD_FIELDS = tuple(f.name for f in fields(SeenRecord))


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


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(k for k in keys if k))


class SqliteSeenStore:
    """The store in one SQLite file, for one crawl process at a time (the job lock in
    `job.IncrementalJob` keeps a second one out)."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS article (
        key TEXT PRIMARY KEY, url TEXT NOT NULL, content_sha1 TEXT NOT NULL,
        version INTEGER NOT NULL, published_at TEXT, modified_at TEXT, lastmod TEXT,
        etag TEXT, last_modified TEXT, fetched_at TEXT NOT NULL, exported_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS alias (alias TEXT PRIMARY KEY, key TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS feed (path TEXT PRIMARY KEY, size INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS template (site TEXT PRIMARY KEY, data TEXT NOT NULL);
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit off (isolation_level default): writes group into one transaction until
        # commit(), so a frontier insert and the export commit after it land in order.
        self.db = sqlite3.connect(self.path)
        # WAL + NORMAL: a commit survives a killed process without an fsync per commit; after
        # a power cut the store may lag the feed, and the lagging lines are cut and redone.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(self.SCHEMA)
        self.db.commit()
        self._claimed: set[str] = set()

    def lookup(self, keys: Iterable[str]) -> SeenRecord | None:
        wanted = _unique(keys)
        if not wanted:
            return None
        marks = ",".join("?" * len(wanted))
        row = self.db.execute(
            f"SELECT {', '.join('a.' + f for f in _RECORD_FIELDS)} FROM alias l "
            f"JOIN article a ON a.key = l.key WHERE l.alias IN ({marks}) LIMIT 1",
            wanted,
        ).fetchone()
        return SeenRecord(*row) if row else None

    def commit(self, record: SeenRecord, aliases: Iterable[str], feeds: Mapping[str, int]) -> None:
        values = asdict(record)
        self.db.execute(
            f"INSERT OR REPLACE INTO article ({', '.join(_RECORD_FIELDS)}) "
            f"VALUES ({', '.join(':' + f for f in _RECORD_FIELDS)})",
            values,
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO alias (alias, key) VALUES (?, ?)",
            [(alias, record.key) for alias in _unique([record.key, *aliases])],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO feed (path, size) VALUES (?, ?)", list(feeds.items())
        )
        self.db.commit()

    def touch(
        self,
        keys: Iterable[str],
        *,
        fetched_at: str,
        lastmod: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        record = self.lookup(keys)
        if record is None:
            return
        self.db.execute(
            "UPDATE article SET fetched_at = ?, lastmod = COALESCE(?, lastmod), "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE key = ?",
            (fetched_at, lastmod, etag, last_modified, record.key),
        )

    def claim(self, keys: Iterable[str]) -> bool:
        wanted = set(_unique(keys))
        if wanted & self._claimed:
            return False
        self._claimed |= wanted
        return True

    def feeds(self) -> list[FeedEntry]:
        rows = self.db.execute("SELECT path, size FROM feed").fetchall()
        return [FeedEntry(path, size, None) for path, size in rows]

    def register_feed(self, path: str, size: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO feed (path, size) VALUES (?, ?)", (path, size))
        self.db.commit()

    def forget_feeds(self, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM feed WHERE path = ?", [(p,) for p in paths])
        self.db.commit()

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM article").fetchone()[0])

    def templates(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT site, data FROM template").fetchall()
        return {site: json.loads(data) for site, data in rows}

    def save_template(self, site: str, data: Mapping[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO template (site, data) VALUES (?, ?)", (site, json.dumps(data))
        )
        self.db.commit()

    def flush(self) -> None:
        self.db.commit()

    def reset(self) -> None:
        self.db.executescript(
            "DELETE FROM article; DELETE FROM alias; DELETE FROM feed; DELETE FROM template;"
        )
        self.db.commit()
        self._claimed.clear()

    def close(self) -> None:
        self.db.commit()
        self.db.close()


# Lookups and claims run as scripts: one round trip, and a claim is atomic across workers.
_LOOKUP = """
for i = 1, #ARGV do
    local key = redis.call('HGET', KEYS[1], ARGV[i])
    if key then return redis.call('HGETALL', KEYS[2] .. key) end
end
return nil
"""
_CLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do
    local owner = redis.call('HGET', KEYS[1], ARGV[i])
    if owner then
        if owner == ARGV[1] then return 0 end
        local deadline = redis.call('ZSCORE', KEYS[2], owner)
        if deadline and tonumber(deadline) >= now then return 0 end
    end
end
for i = 2, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
return 1
"""


class RedisSeenStore:
    """The store in Redis, shared by the workers of one job. Keys start with `prefix`
    (`newscrawl:<job>:`); `worker` names this process in claims and feed entries.

        <prefix>article:<story key>   hash: the SeenRecord
        <prefix>alias                 hash: alias -> story key
        <prefix>feeds                 hash: "<host>|<path>" -> "<committed size>|<worker>"
        <prefix>claims                hash: story key -> worker exporting it in this run
        <prefix>workers               sorted set: worker -> heartbeat deadline (ms)
        <prefix>templates             hash: site -> its learned template (JSON)
    """

    def __init__(self, server: Any, prefix: str, worker: str, host: str) -> None:
        self.server = server
        self.prefix = prefix
        self.worker = worker
        self.host = host
        self.alias_key = f"{prefix}alias"
        self.feeds_key = f"{prefix}feeds"
        self.claims_key = f"{prefix}claims"
        self.templates_key = f"{prefix}templates"
        self.workers_key = f"{prefix}workers"
        self._lookup = server.register_script(_LOOKUP)
        self._claim = server.register_script(_CLAIM)

    def _article_key(self, key: str) -> str:
        return f"{self.prefix}article:{key}"

    def lookup(self, keys: Iterable[str]) -> SeenRecord | None:
        wanted = _unique(keys)
        if not wanted:
            return None
        flat = self._lookup(keys=[self.alias_key, f"{self.prefix}article:"], args=wanted)
        if not flat:
            return None
        raw = {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}
        values: dict[str, Any] = {name: raw.get(name) or None for name in _RECORD_FIELDS}
        values["version"] = int(values["version"] or 1)
        return SeenRecord(**values)

    def commit(self, record: SeenRecord, aliases: Iterable[str], feeds: Mapping[str, int]) -> None:
        pipe = self.server.pipeline(transaction=True)
        mapping = {k: "" if v is None else str(v) for k, v in asdict(record).items()}
        pipe.hset(self._article_key(record.key), mapping=mapping)
        pipe.hset(
            self.alias_key, mapping=dict.fromkeys(_unique([record.key, *aliases]), record.key)
        )
        if feeds:
            pipe.hset(
                self.feeds_key,
                mapping={f"{self.host}|{p}": f"{s}|{self.worker}" for p, s in feeds.items()},
            )
        pipe.execute()

    def touch(
        self,
        keys: Iterable[str],
        *,
        fetched_at: str,
        lastmod: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        record = self.lookup(keys)
        if record is None:
            return
        changes = {"fetched_at": fetched_at, "lastmod": lastmod, "etag": etag}
        changes["last_modified"] = last_modified
        self.server.hset(
            self._article_key(record.key),
            mapping={k: v for k, v in changes.items() if v is not None},
        )

    def claim(self, keys: Iterable[str]) -> bool:
        wanted = _unique(keys)
        keys_ = [self.claims_key, self.workers_key]
        return bool(self._claim(keys=keys_, args=[self.worker, *wanted]))

    def feeds(self) -> list[FeedEntry]:
        entries = []
        for field, value in self.server.hgetall(self.feeds_key).items():
            host, _, path = _text(field).partition("|")
            size, _, owner = _text(value).partition("|")
            if host == self.host:
                entries.append(FeedEntry(path, int(size), owner or None))
        return entries

    def register_feed(self, path: str, size: int) -> None:
        self.server.hset(self.feeds_key, f"{self.host}|{path}", f"{size}|{self.worker}")

    def forget_feeds(self, paths: Iterable[str]) -> None:
        fields = [f"{self.host}|{path}" for path in paths]
        if fields:
            self.server.hdel(self.feeds_key, *fields)

    def count(self) -> int:
        return sum(1 for _ in self.server.scan_iter(match=f"{self.prefix}article:*", count=1000))

    def templates(self) -> dict[str, dict[str, Any]]:
        found = self.server.hgetall(self.templates_key)
        return {_text(site): json.loads(_text(data)) for site, data in found.items()}

    def save_template(self, site: str, data: Mapping[str, Any]) -> None:
        # Workers learn apart; the last to save a site's template wins. Each one saw a fair
        # sample of the site's pages, which is all the share test needs.
        self.server.hset(self.templates_key, site, json.dumps(data))

    def _article_keys(self) -> list[Any]:
        return list(self.server.scan_iter(match=f"{self.prefix}article:*", count=1000))

    def flush(self) -> None:
        pass  # every write went to the server as it happened

    def reset(self) -> None:
        doomed = [
            *self._article_keys(),
            self.alias_key,
            self.feeds_key,
            self.claims_key,
            self.templates_key,
        ]
        for start in range(0, len(doomed), 1000):
            self.server.delete(*doomed[start : start + 1000])

    def close(self) -> None:
        pass  # the connection belongs to the scheduler that opened it


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
