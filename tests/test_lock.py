"""The versions the suite passes with are locked, and what the README installs is that lock."""

from __future__ import annotations

import os
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

# `lock/lock.py try-newest` runs this suite on a candidate lock and names it here.
TEST_LOCK = Path(os.environ.get("MATCHDESK_LOCK", REPO / "lock" / "test.txt"))
APP_LOCK = TEST_LOCK.with_name("app.txt")
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*(.+?))?\s*\\?$")


def locked_here(lock: Path) -> dict[str, str]:
    """Each package the lock installs on this machine, with its version (entries for others left out)."""
    versions = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name, version, markers = match.groups()
            if markers is None or Marker(markers).evaluate():
                versions[canonicalize_name(name)] = version
    return versions


def project_requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = list(project["dependencies"])
    for extra in extras:
        named += project["optional-dependencies"][extra]
    return [Requirement(text) for text in named]


def test_the_suite_runs_on_exactly_the_locked_versions() -> None:
    locked = locked_here(TEST_LOCK)
    assert len(locked) > 100
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differing = {
        name: (version, installed.get(name))
        for name, version in locked.items()
        if installed.get(name) != version
    }
    assert not differing, f"installed versions differ from {TEST_LOCK} (locked, installed): {differing}"


@pytest.mark.parametrize(("lock", "extras"), [(APP_LOCK, ()), (TEST_LOCK, ("test",))], ids=["app", "test"])
def test_every_requirement_of_the_project_is_locked_within_its_bounds(
    lock: Path, extras: tuple[str, ...]
) -> None:
    locked = locked_here(lock)
    for requirement in project_requirements(*extras):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in {lock.name}: run python lock/lock.py compile"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            str(requirement),
            locked[name],
        )


def test_the_app_and_the_tests_lock_the_same_versions_of_what_they_share() -> None:
    app, test = locked_here(APP_LOCK), locked_here(TEST_LOCK)
    assert {name: test.get(name) for name in app} == app


def test_the_lock_keeps_opencv_with_qt_out() -> None:
    # opencv-python bundles a Qt that clashes with PyQt6; trackeval asks for it, the lock overrides it away.
    assert "opencv-python" not in locked_here(TEST_LOCK)
    assert "opencv-python-headless" in locked_here(TEST_LOCK)


@pytest.mark.parametrize(
    ("heading", "lock"),
    [
        ("**Open the app on the sample match:**", "lock/app.txt"),
        ("**Run the whole test suite**", "lock/test.txt"),
    ],
)
def test_the_readme_commands_install_the_lock_with_its_hashes(heading: str, lock: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = readme.split(heading, 1)[1].split("```bash\n", 1)[1].split("\n```", 1)[0]
    assert f"python -m pip install -q --require-hashes --no-deps -r {lock}" in command or (
        f"python -m pip install --require-hashes --no-deps -r {lock}" in command
    )
    # The project itself adds nothing unlocked: no dependencies, built by the locked setuptools.
    assert "pip install -q --no-deps --no-build-isolation -e ." in command or (
        "pip install --no-deps --no-build-isolation -e ." in command
    )
    assert command.count("pip install") == 2
