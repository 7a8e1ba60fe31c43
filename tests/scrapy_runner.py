"""`scrapy` as a user runs it, in its own process: the one place the tests build that command
line and its environment (newscrawl's settings module, this checkout importable)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ENV: dict[str, str] = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def scrapy_command(*args: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """`python -m scrapy ARGS`, then `-s NAME=VALUE` for each setting: a dict as JSON (Scrapy
    reads a dict setting given as text that way), None left out, anything else as str()."""
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in (settings or {}).items():
        if value is None:
            continue
        text = json.dumps(value) if isinstance(value, dict) else str(value)
        command += ["-s", f"{name}={text}"]
    return command


def run_scrapy(
    *args: str, cwd: Path, settings: Mapping[str, Any] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `scrapy_command(*args, settings=settings)` to its end, output captured as text."""
    return subprocess.run(
        scrapy_command(*args, settings=settings),
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
