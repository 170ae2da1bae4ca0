"""The house rules, checked by the same command that runs the tests: ruff, mypy, and the import contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

TOOLS = Path(sys.executable).parent  # the tools installed alongside this interpreter by `pip install .[test]`


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"], ["lint-imports"]],
    ids=["ruff", "ruff-format", "mypy", "only-ui-imports-qt"],
)
def test_code_passes_the_house_checks(command: list[str]) -> None:
    result = subprocess.run(
        [str(TOOLS / command[0]), *command[1:]], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_exactly_the_readme_test_command_in_a_virtual_environment() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Run the whole test suite**", 1)[1]
    command = section.split("```bash\n", 1)[1].split("\n```", 1)[0].strip()
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")  # PEP 668 systems
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == command
