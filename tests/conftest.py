"""Shared test fixtures: the offline mirror server (a real process on 127.0.0.1)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "fixtures" / "sites"


class Mirror:
    def __init__(self, domain: str) -> None:
        self.domain = domain
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.mockserver", domain],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.origin = self.process.stdout.readline().strip()
        if not self.origin.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"mock server for {domain} did not start")

    def url(self, path: str) -> str:
        return self.origin + path

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def bnews_mirror() -> Iterator[Mirror]:
    mirror = Mirror("bnews.kz")
    yield mirror
    mirror.stop()


def site_file(domain: str, path: str) -> bytes:
    return (SITES / domain / path).read_bytes()
