"""Feed files a loader can watch: each appears under its final name only once it is complete.

The default feed (settings.NEWSCRAWL_DEFAULT_FEEDS) is partitioned by the crawl's UTC start:
`<NEWSCRAWL_OUTPUT_DIR>/<spider>/<YYYY-MM-DD>/<run-id>-<batch>.jsonl`, a new batch every
FEED_EXPORT_BATCH_ITEM_COUNT articles. A feed with the option `atomic: true` is written to
`.<name>.part` beside its final name and renamed into place when Scrapy stores it, so a crawl
that is killed leaves only `.part` files. Postprocessing (gzip, ...) runs inside the part file.

A job (JOBDIR or NEWSCRAWL_REDIS_URL) writes the same files, durably: line by line into the
part file, whose committed length its store keeps, renamed when complete; a killed job's part
files are published when it runs again (newscrawl.incremental.feed).

The run id is the UTC start and four random hex digits (`20261201T120000Z-3fa9`), so that two
workers of a job, or two crawls, started in the same second never share a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from secrets import token_hex
from typing import IO, Any
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

import zstandard
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage, ItemFilter
from scrapy.settings import BaseSettings
from scrapy.spiders import Spider

from newscrawl.extract.dates import utc_now
from newscrawl.incremental.feed import DurableFileFeedStorage

# Every batch of one crawl is named after the same run (date and id), not the moment the
# batch opened.
_RUNS: WeakKeyDictionary[Spider, dict[str, str]] = WeakKeyDictionary()


def _new_run() -> dict[str, str]:
    started = utc_now()
    return {
        "run_date": f"{started:%Y-%m-%d}",
        "run_id": f"{started:%Y%m%dT%H%M%SZ}-{token_hex(2)}",
    }


def output_dir(settings: BaseSettings) -> str:
    """The folder the default and rejected feeds go under (%(output_dir)s)."""
    return str(settings.get("NEWSCRAWL_OUTPUT_DIR") or "output")


def run_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """FEEDS `uri_params`: Scrapy's, plus output_dir, run_date and run_id."""
    if spider not in _RUNS:
        _RUNS[spider] = _new_run()
    return {**params, "output_dir": output_dir(spider.settings), **_RUNS[spider]}


class AtomicFileFeedStorage(DurableFileFeedStorage):
    """A feed with `atomic: true` outside a job: written whole, buffered (no store counts
    its lines), to its part file, which DurableFileFeedStorage.store renames into place."""

    def open(self, spider: Spider) -> IO[bytes]:
        self.writing.parent.mkdir(parents=True, exist_ok=True)
        # Always a whole new file: appending to a finished one would tear it for the loader.
        return self.writing.open("wb")

    def store(self, file: IO[bytes]) -> None:
        # A postprocessing plugin has flushed its trailer into `file` but left it open.
        if not file.closed:
            file.flush()
            if self._fsync():
                os.fsync(file.fileno())
        super().store(file)


class LocalFeedStorage:
    """FEED_STORAGES entry for plain paths and file:// outside a job (a job has its own,
    newscrawl.incremental.storage): a feed with `atomic: true` is written whole and renamed;
    `-o`/`-O` files are DurableFileFeedStorage's, appended line by line."""

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> FileFeedStorage:
        atomic = (feed_options or {}).get("atomic")
        storage = AtomicFileFeedStorage if atomic else DurableFileFeedStorage
        return storage.from_crawler(crawler, uri, feed_options=feed_options)


def default_feeds(settings: BaseSettings) -> dict[str, dict[str, Any]]:
    """The FEEDS a crawl (or a job) writes when none is named: NEWSCRAWL_DEFAULT_FEEDS
    batched by FEED_EXPORT_BATCH_ITEM_COUNT (or NEWSCRAWL_FEED_BATCH_ITEMS when that is 0,
    Scrapy's "no batches"). A run that exports nothing writes no file (the feed option
    `store_empty`, unless the feed or FEED_STORE_EMPTY says otherwise): a job run every few
    minutes would leave an empty file for the loader each time nothing is new."""
    batch = settings.getint("FEED_EXPORT_BATCH_ITEM_COUNT") or settings.getint(
        "NEWSCRAWL_FEED_BATCH_ITEMS"
    )
    feeds = settings.getdict("NEWSCRAWL_DEFAULT_FEEDS")
    # FEED_STORE_EMPTY when the user set it; else no empty file.
    given = settings.getpriority("FEED_STORE_EMPTY") or 0
    store_empty = settings.getbool("FEED_STORE_EMPTY") if given > 0 else False
    batched = {
        uri: {"batch_item_count": batch, "store_empty": store_empty, **options}
        for uri, options in feeds.items()
    }
    # "en, ru" as "en,ru": a feed of " ru" would take no article.
    languages = [code.strip() for code in settings.getlist("NEWSCRAWL_FEED_LANGUAGES")]
    languages = [code for code in languages if code]
    return per_language(batched, languages) if languages else batched


class UnwritableFeed(ValueError):
    """A feed's local destination cannot be written: said before anything is fetched."""


def local_folder(uri: str, params: dict[str, str]) -> Path | None:
    """The folder a local feed URI (a path or file://) is written in, placeholders filled
    from `params` (an unknown one as a name that does not exist yet); None for a remote one
    (s3://, ftp://, stdout:), which only its storage can try."""
    scheme = urlsplit(uri).scheme
    if scheme not in ("", "file") and not (len(scheme) == 1 and os.name == "nt"):
        return None
    path = unquote(urlsplit(uri).path) if scheme == "file" else uri
    filled = _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), "x")), path)
    return Path(filled).parent


# A %-placeholder of a feed URI with its format ("%(batch_id)05d").
_PLACEHOLDER = re.compile(r"%\(([^)]*)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


def check_writable(folder: Path) -> None:
    """Raise UnwritableFeed unless a file can be created in `folder` (made, with its
    parents, as a feed storage would make it): a folder that is a file, a read-only disk,
    or a place like /proc is found out now, not after the crawl."""
    existing = next(p for p in [folder, *folder.parents] if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise UnwritableFeed(f"{existing} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise UnwritableFeed(f"cannot write in {existing}: {error.strerror}") from None


# The feed of the articles in none of the languages asked for: nothing exported goes missing.
OTHER = "other"


def per_language(
    feeds: dict[str, dict[str, Any]], languages: list[str]
) -> dict[str, dict[str, Any]]:
    """Each feed split into one per language (`<run-id>-<lang>-<batch>.jsonl`), plus one for
    every other language, filtered by LanguageFilter."""
    split: dict[str, dict[str, Any]] = {}
    for uri, options in feeds.items():
        for language in [*languages, OTHER]:
            named = (
                uri.replace("%(batch_id)", f"{language}-%(batch_id)")
                if "%(batch_id)" in uri
                else f"{uri}.{language}"
            )
            split[named] = {
                **options,
                "item_filter": LanguageFilter,
                "languages": list(languages),
                "language": language,
            }
    return split


class LanguageFilter(ItemFilter):
    """A feed's share of the articles: those in its `language`, or, for the `other` feed,
    those in none of the feed's `languages`."""

    def accepts(self, item: Any) -> bool:
        if not super().accepts(item):
            return False
        options = self.feed_options or {}
        language = getattr(item, "language", None)
        if options.get("language") == OTHER:
            return language not in options.get("languages", [])
        return bool(language == options.get("language"))


class ZstdPlugin:
    """Feed postprocessing that compresses with Zstandard (`.jsonl.zst`), beside Scrapy's own
    GzipPlugin: about gzip's size at several times its speed. Feed option:
    `zstd_level` (default 3)."""

    def __init__(self, file: Any, feed_options: dict[str, Any]) -> None:
        level = int(feed_options.get("zstd_level", 3))
        # closefd=False: the feed storage closes (and, when atomic, renames) the file itself.
        self.writer = zstandard.ZstdCompressor(level=level).stream_writer(file, closefd=False)

    def write(self, data: bytes) -> int:
        return int(self.writer.write(data))

    def close(self) -> None:
        self.writer.close()
