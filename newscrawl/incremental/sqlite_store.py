"""The seen-article store in an SQLite file of the job directory (newscrawl.incremental.store
has the protocol): no server, one process per job directory."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newscrawl.incremental.store import RECORD_FIELDS, FeedEntry, SeenRecord, unique


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
        wanted = unique(keys)
        if not wanted:
            return None
        marks = ",".join("?" * len(wanted))
        row = self.db.execute(
            f"SELECT {', '.join('a.' + f for f in RECORD_FIELDS)} FROM alias l "
            f"JOIN article a ON a.key = l.key WHERE l.alias IN ({marks}) LIMIT 1",
            wanted,
        ).fetchone()
        return SeenRecord(*row) if row else None

    def commit(self, record: SeenRecord, aliases: Iterable[str], feeds: Mapping[str, int]) -> None:
        values = asdict(record)
        self.db.execute(
            f"INSERT OR REPLACE INTO article ({', '.join(RECORD_FIELDS)}) "
            f"VALUES ({', '.join(':' + f for f in RECORD_FIELDS)})",
            values,
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO alias (alias, key) VALUES (?, ?)",
            [(alias, record.key) for alias in unique([record.key, *aliases])],
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
        wanted = set(unique(keys))
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
