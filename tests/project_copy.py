"""A throwaway copy of the project (scrapy.cfg, pyproject.toml, newscrawl/, tests/) in which
a test runs the commands a developer would, `scrapy newsite` writing into it, without
touching the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


class ProjectCopy:
    def __init__(self, folder: Path) -> None:
        self.root = folder
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("scrapy.cfg", "pyproject.toml"):
            shutil.copy2(ROOT / name, folder / name)
        for name in ("newscrawl", "tests"):
            shutil.copytree(ROOT / name, folder / name, ignore=_IGNORED)

    def run(self, *command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """`command` in the copy, its own newscrawl first on the path (not the checkout's)."""
        program, *args = command
        if program in ("scrapy", "python"):
            program = str(BIN / program) if program == "scrapy" else sys.executable
        env = {**os.environ, "PYTHONPATH": str(self.root), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.run(
            [program, *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
