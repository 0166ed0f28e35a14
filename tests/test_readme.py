from __future__ import annotations

import re

from tests.conftest import REPO


def quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```(?:sh|bash|shell)?\n(.*?)```", section, re.DOTALL)
    assert block, "Quick start has no shell block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_quick_start_has_two_lines() -> None:
    lines = quick_start()
    assert len(lines) == 2
    assert "examples/" in lines[0] and "pytest" in lines[1]


def test_readme_ci_runs_quick_start_line_two() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert quick_start()[1] in ci
