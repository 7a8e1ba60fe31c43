"""A crawl stopped by SIGTERM or Ctrl-C (SIGINT) shuts down gracefully and exits 4: the
summary still prints and the feed is closed, so a cron job can tell it from a finished one."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import Mirror
from tests.scrapy_runner import ENV, scrapy_command

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

STOPPED = 4
# Slow enough that the crawl is still running when the signal comes.
SLOW = {"DOWNLOAD_DELAY": 0.5, "AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_PROGRESS": False}


def start_slow_crawl(mirror: Mirror, tmp_path: Path, stderr_path: Path) -> subprocess.Popen[str]:
    command = ["crawl", "bnews", "-O", str(tmp_path / "out.jsonl")]
    command += ["-a", f"base_url={mirror.origin}"]
    settings = {"NEWSCRAWL_REJECTED_FEED": tmp_path / "rejected.jsonl", **SLOW}
    return subprocess.Popen(
        scrapy_command(*command, settings=settings),
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=stderr_path.open("w"),
        text=True,
    )


def wait_for_spider_opened(process: subprocess.Popen[str], stderr_path: Path) -> None:
    """Until Scrapy's signal handlers are in place: a signal before would kill it outright."""
    deadline = time.monotonic() + 60
    while "Spider opened" not in stderr_path.read_text():
        assert process.poll() is None, stderr_path.read_text()[-3000:]
        assert time.monotonic() < deadline, stderr_path.read_text()[-3000:]
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_crawl_exits_4_after_its_summary(
    bnews_mirror: Mirror, tmp_path: Path, signum: signal.Signals
) -> None:
    stderr_path = tmp_path / "stderr.log"
    process = start_slow_crawl(bnews_mirror, tmp_path, stderr_path)
    wait_for_spider_opened(process, stderr_path)
    time.sleep(1.5)
    process.send_signal(signum)
    stdout = process.communicate(timeout=120)[0]
    stderr = stderr_path.read_text()
    assert process.returncode == STOPPED, stderr[-3000:]
    assert f"Received {signum.name}, shutting down gracefully" in stderr
    assert "newscrawl: bnews finished (shutdown)" in stdout
    assert "URLs seen: " in stdout
    # The feed was closed properly: every line it holds is a whole record.
    exported = (tmp_path / "out.jsonl").read_text().splitlines()
    assert all(json.loads(line)["url"] for line in exported)
    assert f"out.jsonl ({len(exported)} articles)" in stdout, stdout
