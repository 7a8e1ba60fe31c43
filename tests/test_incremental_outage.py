"""The job's Redis store watched for an outage (`newscrawl.incremental.outage.Watched`): a
call that finds Redis gone tells the worker before the error goes on, on a real store whose
server is a loopback port nothing listens on."""

from __future__ import annotations

import socket

import pytest
import redis

from newscrawl.incremental.outage import Watched
from newscrawl.incremental.redis_store import RedisSeenStore


def dead_server() -> redis.Redis:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    return redis.Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=1)


def test_a_store_call_that_finds_redis_gone_tells_the_worker_and_raises() -> None:
    told: list[Exception] = []
    store = Watched(RedisSeenStore(dead_server(), "newscrawl:t:", "w1", "host"), told.append)
    with pytest.raises(redis.ConnectionError):
        store.count()
    assert len(told) == 1 and isinstance(told[0], redis.ConnectionError)
    assert store.prefix == "newscrawl:t:"  # plain attributes pass through
