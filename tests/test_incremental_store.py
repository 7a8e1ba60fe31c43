"""The job stores keep what was learned of each site's template, and forget it on reset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from newscrawl.incremental.redis_store import RedisSeenStore
from newscrawl.incremental.sqlite_store import SqliteSeenStore
from newscrawl.incremental.store import SeenStore
from tests.incremental_support import RedisServer

LEARNED = {"pages": 30, "counts": {"p0123456789abcdef": 30}}


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SeenStore]:
    store = SqliteSeenStore(tmp_path / "seen.sqlite3")
    yield store
    store.close()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_store(redis_server: RedisServer) -> SeenStore:
    server = redis.Redis.from_url(redis_server.url)
    server.flushdb()
    return RedisSeenStore(server, "newscrawl:test:", "worker-a", "host")


@pytest.mark.parametrize("kind", ["sqlite_store", "redis_store"])
def test_a_template_saved_is_there_for_the_next_run_until_reset(
    kind: str, request: pytest.FixtureRequest
) -> None:
    store: SeenStore = request.getfixturevalue(kind)
    assert store.templates() == {}
    store.save_template("steppe.kz", LEARNED)
    store.save_template("other.kz", {"pages": 1, "counts": {}})
    store.save_template("steppe.kz", {**LEARNED, "pages": 31})
    assert store.templates() == {
        "steppe.kz": {**LEARNED, "pages": 31},
        "other.kz": {"pages": 1, "counts": {}},
    }
    store.reset()
    assert store.templates() == {}


def test_the_sqlite_store_keeps_it_across_processes(tmp_path: Path) -> None:
    first = SqliteSeenStore(tmp_path / "seen.sqlite3")
    first.save_template("steppe.kz", LEARNED)
    first.close()
    again = SqliteSeenStore(tmp_path / "seen.sqlite3")
    assert again.templates() == {"steppe.kz": LEARNED}
    again.close()
