"""The seen-article store in Redis, shared by the workers of one distributed job
(newscrawl.incremental.store has the protocol)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from newscrawl.incremental.store import RECORD_FIELDS, FeedEntry, SeenRecord, text, unique

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
        wanted = unique(keys)
        if not wanted:
            return None
        flat = self._lookup(keys=[self.alias_key, f"{self.prefix}article:"], args=wanted)
        if not flat:
            return None
        raw = {text(flat[i]): text(flat[i + 1]) for i in range(0, len(flat), 2)}
        values: dict[str, Any] = {name: raw.get(name) or None for name in RECORD_FIELDS}
        values["version"] = int(values["version"] or 1)
        return SeenRecord(**values)

    def commit(self, record: SeenRecord, aliases: Iterable[str], feeds: Mapping[str, int]) -> None:
        pipe = self.server.pipeline(transaction=True)
        mapping = {k: "" if v is None else str(v) for k, v in asdict(record).items()}
        pipe.hset(self._article_key(record.key), mapping=mapping)
        pipe.hset(self.alias_key, mapping=dict.fromkeys(unique([record.key, *aliases]), record.key))
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
        wanted = unique(keys)
        keys_ = [self.claims_key, self.workers_key]
        return bool(self._claim(keys=keys_, args=[self.worker, *wanted]))

    def feeds(self) -> list[FeedEntry]:
        entries = []
        for field, value in self.server.hgetall(self.feeds_key).items():
            host, _, path = text(field).partition("|")
            size, _, owner = text(value).partition("|")
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
        return {text(site): json.loads(text(data)) for site, data in found.items()}

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
