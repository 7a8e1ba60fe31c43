"""Distributed mode: several worker processes, on one machine or several, share one crawl
through a Redis server (`-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`).

The request queue and the duplicate filter are scrapy-redis's (`PriorityQueue`,
`RFPDupeFilter`), under keys named for the job (`newscrawl:<job>:...`, NEWSCRAWL_JOB, by
default the spider's name), always persistent. What scrapy-redis lacks, added here:

- leases: popping a request moves it, in one script, from the queue to a lease held by this
  worker; the lease goes once the engine has finished with the request (its items in the
  store, its new requests in the queue). A worker that stops heart-beating for
  NEWSCRAWL_LEASE_TIMEOUT seconds is dead: any live worker puts its leased requests back in
  the queue and cuts its feed files (on the same machine) back to their committed length.
- a keep-alive: an idle worker stays while the crawl has queued or leased requests anywhere,
  and leaves after NEWSCRAWL_IDLE_TIMEOUT quiet seconds, instead of quitting the moment the
  queue is empty.
- runs: the first worker of a job finding nothing to resume starts a new run (clears the
  duplicate filter, so an hourly job fetches its sitemaps again); a worker joining live
  workers, or a job with queued or leased requests left, never clears anything.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
from collections.abc import Callable
from secrets import token_hex
from typing import Any, Self, cast

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request
from scrapy.spiders import Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.crawl.keys import QUEUED, TICKET
from newscrawl.crawl.ledger import books
from newscrawl.incremental.engine import adopt, check_engine, in_progress, wake_engine
from newscrawl.incremental.extension import JobExtension, wants_reset
from newscrawl.incremental.job import IncrementalJob
from newscrawl.incremental.outage import REDIS_DOWN, Watched, stop_worker
from newscrawl.incremental.redis_store import RedisSeenStore
from newscrawl.incremental.store import text

logger = logging.getLogger(__name__)


_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""
# KEYS: workers, requests, leases, lease_info, dupefilter, claims
# ARGV: worker, lease ms, reset ("1"/"0")
_JOIN = (
    _NOW_MS
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
local others = redis.call('ZCARD', KEYS[1])
local pending = redis.call('ZCARD', KEYS[2]) + redis.call('HLEN', KEYS[3])
local state = 'join'
if others == 0 then
    if ARGV[3] == '1' then
        redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
        state = 'reset'
    elseif pending == 0 then
        redis.call('DEL', KEYS[5], KEYS[6])
        state = 'new run'
    else
        state = 'resume'
    end
elseif ARGV[3] == '1' then
    return {'refused', others}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return {state, pending}
"""
)
# KEYS: requests, leases, lease_info, lease_seq; ARGV: worker
_POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return nil end
redis.call('ZREM', KEYS[1], top[1])
local id = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[2], id, top[1])
redis.call('HSET', KEYS[3], id, ARGV[1] .. '|' .. top[2])
return {id, top[1]}
"""
# KEYS: workers, requests, leases, lease_info; returns the dead owners whose leases went back
_REAP = (
    _NOW_MS
    + """
local info = redis.call('HGETALL', KEYS[4])
local dead = {}
for i = 1, #info, 2 do
    local id, value = info[i], info[i + 1]
    local sep = string.find(value, '|', 1, true)
    local owner, score = string.sub(value, 1, sep - 1), string.sub(value, sep + 1)
    local deadline = redis.call('ZSCORE', KEYS[1], owner)
    if not deadline or tonumber(deadline) < now then
        local payload = redis.call('HGET', KEYS[3], id)
        if payload then redis.call('ZADD', KEYS[2], score, payload) end
        redis.call('HDEL', KEYS[3], id)
        redis.call('HDEL', KEYS[4], id)
        dead[owner] = true
    end
end
local owners = {}
for owner in pairs(dead) do table.insert(owners, owner) end
return owners
"""
)
# KEYS: workers; ARGV: worker, lease ms. 1 when the worker had been given up for dead.
_BEAT = (
    _NOW_MS
    + """
return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
"""
)
_LIVE = (
    _NOW_MS
    + """
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if deadline and tonumber(deadline) >= now then return 1 end
return 0
"""
)


class RedisJob:
    """This worker's membership of a distributed job."""

    store: RedisSeenStore

    def __init__(self, crawler: Crawler, server: Any, url: str, job: str) -> None:
        settings = crawler.settings
        self.server = server
        # For log lines: never the password.
        self.url = re.sub(r"//[^@/]*@", "//", url)
        self.job = job
        self.prefix = f"newscrawl:{job}:"
        self.host = socket.gethostname()
        self.worker = f"{self.host}:{os.getpid()}:{token_hex(3)}"
        self.lease_ms = int(settings.getfloat("NEWSCRAWL_LEASE_TIMEOUT", 30) * 1000)
        self.idle_timeout = settings.getfloat("NEWSCRAWL_IDLE_TIMEOUT", 10)
        self.crawler = crawler
        self.down = False
        self._beats = 0
        self._join = server.register_script(_JOIN)
        self._reap = server.register_script(_REAP)
        self._beat = server.register_script(_BEAT)
        self._live = server.register_script(_LIVE)

    def key(self, name: str) -> str:
        return self.prefix + name

    @classmethod
    def join(cls, crawler: Crawler, *, reset: bool) -> Self:
        settings = crawler.settings
        url = settings["NEWSCRAWL_REDIS_URL"]
        server = redis.Redis.from_url(
            url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
        )
        assert crawler.spider is not None
        name = settings.get("NEWSCRAWL_JOB") or crawler.spider.name
        # Redis keys and scrapy-redis's %-templates: keep the job name plain.
        member = cls(crawler, server, url, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
        keys = [member.key(k) for k in ("workers", "requests", "leases", "lease_info")]
        keys += [member.key("dupefilter"), member.key("claims")]
        state, pending = member._join(
            keys=keys, args=[member.worker, member.lease_ms, "1" if reset else "0"]
        )
        state = text(state)
        if state == "refused":
            raise RuntimeError(
                f"-a reset=1 refused: {pending} other workers of job {name!r} are running"
            )
        store = RedisSeenStore(server, member.prefix, member.worker, member.host)
        member.store = cast(RedisSeenStore, Watched(store, member.lost))
        if state == "reset":
            member.store.reset()
        logger.info(
            "newscrawl distributed: %s job %r (%d requests queued or leased) as %s",
            state,
            member.job,
            int(pending),
            member.worker,
        )
        return member

    def lost(self, error: Exception) -> None:
        """Redis stopped answering (newscrawl.incremental.outage): this worker stops."""
        if not self.down:
            self.down = True
            stop_worker(self.crawler, self.url, error)

    def unless_down(self, call: Callable[[], Any], fallback: Any = None) -> Any:
        """`call()`, or `fallback` once Redis has stopped answering (then, or before)."""
        if self.down:
            return fallback
        try:
            return call()
        except REDIS_DOWN as error:
            self.lost(error)
            return fallback

    def is_live(self, worker: str | None) -> bool:
        return bool(worker) and bool(self._live(keys=[self.key("workers")], args=[worker]))

    def pending(self) -> int:
        pipe = self.server.pipeline(transaction=False)
        pipe.zcard(self.key("requests"))
        pipe.hlen(self.key("leases"))
        return sum(pipe.execute())

    def ack(self, leases: list[str]) -> None:
        pipe = self.server.pipeline(transaction=False)
        pipe.hdel(self.key("leases"), *leases)
        pipe.hdel(self.key("lease_info"), *leases)
        pipe.execute()

    def heartbeat(self, job: IncrementalJob) -> None:
        """Every other tick: renew this worker's life, and take back the requests of dead
        workers."""
        self.unless_down(lambda: self._heartbeat(job))

    def _heartbeat(self, job: IncrementalJob) -> None:
        self._beats += 1
        if self._beats % 2:
            return
        if self._beat(keys=[self.key("workers")], args=[self.worker, self.lease_ms]):
            logger.error(
                "newscrawl distributed: this worker was given up for dead (stalled longer than "
                "NEWSCRAWL_LEASE_TIMEOUT); its requests went back to the queue"
            )
        keys = [self.key(k) for k in ("workers", "requests", "leases", "lease_info")]
        dead = {text(owner) for owner in self._reap(keys=keys)}
        if dead:
            logger.warning(
                "newscrawl distributed: took back the requests of dead workers %s", sorted(dead)
            )
        if dead or self._beats % 20 == 0:
            job.trim_feeds(e for e in self.store.feeds() if job.is_dead(e.owner))

    def leave(self) -> None:
        self.unless_down(lambda: self.server.zrem(self.key("workers"), self.worker))


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leaves a lease behind."""

    def __init__(self, server: Any, spider: Spider, key: str, member: RedisJob) -> None:
        super().__init__(server, spider, key)
        self.member = member
        self._pop = server.register_script(_POP)

    def pop_leased(self) -> tuple[str, Request] | None:
        member = self.member
        keys = [self.key, member.key("leases"), member.key("lease_info"), member.key("lease_seq")]
        popped = self._pop(keys=keys, args=[member.worker])
        if not popped:
            return None
        lease, data = popped
        return text(lease), self._decode_request(data)


class RedisJobExtension(JobExtension):
    """A distributed job: this worker's membership and the job's store on Redis."""

    member: RedisJob

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.spider is None:
            raise NotConfigured  # not a crawl (scrapy shell, fetch)
        reset = wants_reset(crawler)
        member = RedisJob.join(crawler, reset=reset)
        extension = cls(IncrementalJob(crawler, member.store, reset=reset, redis_job=member))
        extension.member = member
        return extension


class RedisLeaseScheduler(Scheduler):
    job: IncrementalJob
    member: RedisJob
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = crawler.get_extension(RedisJobExtension)
        if extension is None:
            raise NotConfigured
        check_engine(crawler)
        return cls.for_job(crawler, extension.job, extension.member)

    @classmethod
    def for_job(cls, crawler: Crawler, job: IncrementalJob, member: RedisJob) -> Self:
        scheduler = cls(
            server=member.server,
            # The shared queue outlives any one worker: the first to finish must not clear it.
            persist=True,
            flush_on_start=False,
            queue_key=member.key("requests"),
            dupefilter=RFPDupeFilter(
                member.server,
                key=member.key("dupefilter"),
                debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
            ),
            dupefilter_key=member.key("dupefilter"),
            # A blocking pop would block the reactor; the keep-alive waits instead.
            idle_before_close=0,
        )
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.job = job
        scheduler.member = member
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.queue_key, self.member)
        self._leases: dict[Request, str] = {}
        self._quiet_since: float | None = None
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        self.job.on_tick(self.tick)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        # Whichever worker takes it counts its outcome, as a URL it saw: here the books close
        # its ticket as handed over, and the ticket number stays behind.
        books(self.crawler).settle(request, QUEUED)
        request.meta.pop(TICKET, None)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        # Redis down: the request is lost to this run only; the page that found it is not
        # acked, so a worker that fetches it again finds it again.
        self.member.unless_down(lambda: self.queue.push(request))
        return not self.member.down

    def next_request(self) -> Request | None:
        popped = self.member.unless_down(self.queue.pop_leased)
        if popped is None:
            return None
        lease, request = popped
        adopt(self.crawler, request)
        self._leases[request] = lease
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def sweep(self) -> None:
        busy = in_progress(self.crawler)
        done = [request for request in self._leases if request not in busy]
        if done:
            self.member.ack([self._leases.pop(request) for request in done])

    def has_pending_requests(self) -> bool:
        return bool(self.member.unless_down(super().has_pending_requests, False))

    def tick(self) -> None:
        self.member.unless_down(self.sweep)
        wake_engine(self.crawler)

    def spider_idle(self) -> None:
        self.member.unless_down(self.sweep)
        if self.member.down:
            return  # closing: nothing will come
        if self.member.unless_down(self.member.pending, 0):
            self._quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._quiet_since is None:
            self._quiet_since = now
        if now - self._quiet_since < self.member.idle_timeout:
            raise DontCloseSpider

    def close(self, reason: str) -> None:
        self.member.unless_down(self.sweep)
