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
