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
sys.path.insert(0, str(ROOT))

from tests.mockserver import ServerProcess  # noqa: E402


def main() -> int:
    try:
        mirror = ServerProcess("tests.mockserver", "bnews.kz", name="the offline mirror")
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        origin = mirror.origin
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
        mirror.stop()


if __name__ == "__main__":
    sys.exit(main())
