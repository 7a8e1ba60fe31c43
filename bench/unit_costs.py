"""Unit costs for docs/scaling.md, measured: the SQLite seen-store's bytes per exported
article, and Redis's memory per seen article and per queued request (a real redis-server on
127.0.0.1).

    python -m bench.unit_costs [--articles 20000]
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
from pathlib import Path

import redis
from scrapy import Request

from newscrawl.incremental.redis_store import RedisSeenStore
from newscrawl.incremental.sqlite_store import SqliteSeenStore
from newscrawl.incremental.store import SeenRecord
from tests.incremental_support import RedisServer


def record(n: int) -> tuple[SeenRecord, list[str]]:
    url = f"https://news.example.kz/ru/news/{n:07d}-v-astane-otkryli-novyy-most-cherez-ishim"
    seen = SeenRecord(
        key=url,
        url=url,
        content_sha1=f"{n:040x}",
        version=1,
        published_at="2026-11-20T10:15:00+05:00",
        modified_at="2026-11-20T11:00:00+05:00",
        fetched_at="2026-11-20T12:00:00+00:00",
        exported_at="2026-11-20T12:00:01+00:00",
        lastmod="2026-11-20T11:00:00+05:00",
        etag=f'"{n:x}-5e2a"',
        last_modified="Thu, 20 Nov 2026 06:00:00 GMT",
    )
    return seen, [url, url + "/amp"]


def sqlite_bytes(articles: int, folder: Path) -> float:
    path = folder / "seen.sqlite3"
    store = SqliteSeenStore(path)
    for n in range(articles):
        seen, aliases = record(n)
        store.commit(seen, aliases, {"/feeds/a.jsonl": n * 3000})
    store.flush()
    store.close()
    return path.stat().st_size / articles


def redis_bytes(articles: int, folder: Path) -> tuple[float, float, int]:
    server = RedisServer(folder)
    try:
        client = redis.Redis.from_url(server.url)
        store = RedisSeenStore(client, "newscrawl:bench:", "worker-1", "bench-host")
        before = int(client.info("memory")["used_memory"])
        for n in range(articles):
            seen, aliases = record(n)
            store.commit(seen, aliases, {"/feeds/a.jsonl": n * 3000})
        per_article = (int(client.info("memory")["used_memory"]) - before) / articles
        request = Request(record(0)[0].url, meta={"newscrawl_lastmod": "2026-11-20"})
        payload = pickle.dumps(request.to_dict(), protocol=4)
        before = int(client.info("memory")["used_memory"])
        for n in range(articles):
            # scrapy-redis's priority queue: a sorted set of serialised requests.
            client.zadd("newscrawl:bench:requests", {payload + str(n).encode(): -0})
        per_request = (int(client.info("memory")["used_memory"]) - before) / articles
        return per_article, per_request, len(payload)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sqlite = sqlite_bytes(args.articles, folder)
        per_article, per_request, payload = redis_bytes(args.articles, folder)
    per_million = sqlite * 1e6 / 2**30
    print(f"SQLite seen-store: {sqlite:.0f} bytes per article ({per_million:.2f} GiB per 1 M)")
    print(f"Redis seen-store: {per_article:.0f} bytes per article (record and two aliases)")
    print(f"Redis queue: {per_request:.0f} bytes per queued request ({payload} bytes serialised)")


if __name__ == "__main__":
    main()
