"""`make demo`: crawl the bundled offline mirror of BNews.kz with the real `bnews` spider.

Starts tests/mockserver.py on a free loopback port, runs `scrapy crawl bnews` against it exactly
as a user would against the live site (plus settings that drop the politeness delays, which
only slow down a crawl of our own local server), and stops the mirror.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    mirror = subprocess.Popen(
        [sys.executable, "-m", "tests.mockserver", "bnews.kz"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert mirror.stdout is not None
        origin = mirror.stdout.readline().strip()
        if not origin.startswith("http://127.0.0.1:"):
            print("the offline mirror did not start", file=sys.stderr)
            return 1
        print(f"offline mirror of bnews.kz serving at {origin}")
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "bnews",
            "-a",
            f"base_url={origin}",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "LOG_LEVEL=WARNING",
        ]
        print("running:", " ".join(command[2:]), flush=True)
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
