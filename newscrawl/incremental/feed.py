"""Local feed files that a killed crawl cannot tear: FEED_STORAGES for plain paths and file://.

Lines reach the file whole, in one write each, through an O_APPEND descriptor; nothing waits in
a userspace buffer for a SIGKILL to lose. On open, a JSON Lines file is cut back to its last
complete line (in a job, first to the length its store committed:
newscrawl.incremental.storage), so a reader never meets a torn last line after a restart.

A feed with the option `atomic: true` (the default feed) is written so, durably, to its part
file `.<name>.part`, and renamed to its final name when complete: a loader watching the
folder never reads half a file. A killed job's part files are cut back to what its store
committed and published when the job runs again (`IncrementalJob.trim_feeds`).
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import IO, Any, Self

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.spiders import Spider

_LINE_FORMATS = frozenset({"jsonlines", "jl"})
_TAIL_CHUNK = 1 << 16


logger = logging.getLogger(__name__)


def part_path(final: Path) -> Path:
    """Where `final` is written until it is complete: hidden, in the same folder, so the
    rename stays on one filesystem (and so atomic)."""
    return final.with_name(f".{final.name}.part")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def final_path(path: str | Path) -> Path | None:
    """The final name of a part file (None when `path` is none)."""
    path = Path(path)
    if path.name.startswith(".") and path.name.endswith(".part"):
        return path.with_name(path.name[1 : -len(".part")])
    return None


def publish(part: Path, final: Path, *, fsync: bool = True) -> None:
    """Give a finished part file its final name (an atomic rename, made durable)."""
    os.replace(part, final)
    if fsync:
        fsync_dir(final.parent)


def publish_left(path: str, size: int) -> bool:
    """Give the part file a killed writer left (cut back to its `size` committed bytes) its
    final name; True when published. An empty one goes; one whose folder is gone is named in
    a WARNING with the name to give it (the output folder was moved: the store keeps
    absolute paths), instead of forgotten."""
    final, part = final_path(path), Path(path)
    if final is not None and not part.parent.is_dir():
        # (A batch published at the end of a run stays known until the next run; a loader
        # that took it leaves its folder, and this is no moved part file.)
        logger.warning(
            "newscrawl incremental: %s (%d committed bytes) is not there any more (its folder "
            "was moved?): where it is now, rename it to %s if it is still a part file (a "
            "killed crawl left it)",
            path,
            size,
            final.name,
        )
        return False
    if final is None or not part.exists():
        return False
    if part.stat().st_size == 0:
        part.unlink()  # nothing was committed to it
        return False
    publish(part, final)
    logger.warning("newscrawl incremental: published %s, left by a killed crawl", final)
    return True


def trim_to(path: str | Path, size: int) -> int:
    """Cut `path` back to `size` bytes; how many bytes went (0 when it is not longer)."""
    try:
        actual = os.path.getsize(path)
    except FileNotFoundError:
        return 0
    if actual <= size:
        return 0
    with open(path, "r+b") as handle:
        handle.truncate(size)
        os.fsync(handle.fileno())
    return actual - size


def trim_torn_tail(path: str | Path) -> int:
    """Cut an unfinished last line off `path`; how many bytes went."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return 0
    with open(path, "rb") as handle:
        end = size
        while end > 0:
            start = max(0, end - _TAIL_CHUNK)
            handle.seek(start)
            chunk = handle.read(end - start)
            if end == size and chunk.endswith(b"\n"):
                return 0
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                return trim_to(path, start + newline + 1)
            end = start
    return trim_to(path, 0)


class LineFile(io.RawIOBase):
    """A binary file that writes complete lines only, straight to the descriptor."""

    def __init__(self, path: Path, *, truncate: bool, fsync: bool) -> None:
        super().__init__()
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.path = str(path)
        self.fd = os.open(path, flags, 0o644)
        self.size = os.fstat(self.fd).st_size
        # How much of the file the store knows about (set by the job).
        self.committed = self.size
        self.fsync = fsync
        self.broken: OSError | None = None
        self._pending = bytearray()
        self._unsynced = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._pending += chunk
        end = self._pending.rfind(b"\n")
        if end >= 0:
            lines = bytes(self._pending[: end + 1])
            del self._pending[: end + 1]
            self._write_all(lines)
        return len(chunk)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
                self.size += written
        except OSError as error:
            self.broken = error
            raise
        self._unsynced = True

    def sync(self) -> None:
        """Make the lines written so far durable (before the store says they are there)."""
        if self._unsynced and self.fsync:
            os.fsync(self.fd)
        self._unsynced = False

    def tell(self) -> int:
        return self.size + len(self._pending)

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._pending:  # the closing bracket of a JSON array, say
                self._write_all(bytes(self._pending))
                self._pending.clear()
            self.sync()
        finally:
            os.close(self.fd)
            super().close()


class DurableFileFeedStorage(FileFeedStorage):
    """FEED_STORAGES entry for local files: `{"": this, "file": this}`."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        options = feed_options or {}
        self.overwrite = bool(options.get("overwrite", False))
        self.lines = options.get("format") in _LINE_FORMATS
        self.crawler = crawler
        self.final = Path(self.path).absolute()
        # Written under its part name until stored, when `atomic`.
        self.writing = part_path(self.final) if options.get("atomic") else self.final

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def _fsync(self) -> bool:
        settings = self.crawler.settings if self.crawler is not None else None
        return settings.getbool("NEWSCRAWL_FEED_FSYNC", True) if settings is not None else True

    def open(self, spider: Spider) -> IO[bytes]:
        path = self.writing
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.lines and not self.overwrite:
            trim_torn_tail(path)
        return LineFile(path, truncate=self.overwrite, fsync=self._fsync())  # type: ignore[return-value]

    def store(self, file: IO[bytes]) -> None:
        file.close()
        if self.writing != self.final:
            publish(self.writing, self.final, fsync=self._fsync())
