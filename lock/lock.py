"""The lock of the versions the suite passes with, and the one command that tries the newest releases.

    python lock/lock.py compile                # lock/app.txt and lock/test.txt, as pinned today
    python lock/lock.py try-newest [--refresh] # everything afresh, in a throw-away environment

``compile`` resolves ``pyproject.toml`` (and ``lock/app.in``) for every platform at once with uv's
universal resolver, with hashes, keeping every version already locked where it still fits, and checks
that each supported platform has a wheel of every locked package. ``try-newest`` resolves everything
afresh into a throw-away virtual environment, installs it there exactly as the README installs the
lock, runs the whole suite there, and prints what changed and what broke; with ``--refresh`` a passing
run becomes the lock. Run either from the project's virtual environment (any Python 3.11+ will do).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger("lock")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
APP_LOCK = HERE / "app.txt"
TEST_LOCK = HERE / "test.txt"
OVERRIDES = HERE / "overrides.txt"
COMPILE_COMMAND = "python lock/lock.py compile"
LOWEST_PYTHON = "3.11"


@dataclass(frozen=True)
class Platform:
    """A platform the lock promises wheels for: uv's name for it, and the oldest system it serves."""

    name: str
    uv_platform: str
    environment: tuple[tuple[str, str], ...] = ()


# glibc 2.35 (Ubuntu 22.04, Debian 12 has 2.36) for PyQt6's Qt on x86-64; its arm64 build wants 2.39
# (Ubuntu 24.04, Debian 13); macOS 15 on Apple silicon for OpenCV 5. macOS on Intel is not served:
# torch (since 2.3), onnxruntime and OpenVINO publish no wheels for it.
PLATFORMS = (
    Platform("Linux x86-64", "x86_64-manylinux_2_35"),
    Platform("Linux arm64", "aarch64-manylinux_2_39"),
    Platform("Windows x86-64", "x86_64-pc-windows-msvc"),
    Platform("macOS arm64", "aarch64-apple-darwin", (("MACOSX_DEPLOYMENT_TARGET", "15.0"),)),
)
PYTHONS = ("3.11", "3.12", "3.13")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("compile", help="lock today's versions (keeping those locked where they still fit)")
    newest = commands.add_parser("try-newest", help="resolve afresh, run the suite, print what changed")
    newest.add_argument("--refresh", action="store_true", help="a passing run becomes the lock")
    newest.add_argument("--keep", action="store_true", help="keep the throw-away environment")
    newest.add_argument("pytest_args", nargs="*", help="passed to pytest (e.g. -x, or a test file)")
    arguments = parser.parse_args(argv)
    if arguments.command == "compile":
        uv = uv_executable(Path(tempfile.mkdtemp(prefix="matchdesk-uv-")))
        compile_locks(uv, HERE, upgrade=False)
        return 0 if wheels_everywhere(uv, HERE) else 1
    return try_newest(arguments.refresh, arguments.keep, arguments.pytest_args)


def uv_executable(scratch: Path) -> Path:
    """uv, the resolver: the one on PATH, or installed into a scratch environment (on purpose unlocked)."""
    found = shutil.which("uv")
    if found:
        return Path(found)
    python = make_environment(scratch / "uv-env")
    run([str(python), "-m", "pip", "install", "-q", "uv"])
    return python.parent / "uv"


def make_environment(folder: Path) -> Path:
    """A new virtual environment with pip; its Python."""
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def machine_constraints() -> list[str]:
    """The constraint files pip is set to honour on this machine (a cap on what lies on its disk)."""
    files = [os.environ["PIP_CONSTRAINT"]] if os.environ.get("PIP_CONSTRAINT") else []
    configured = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    )
    for line in configured.stdout.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".constraint"):
            files += value.strip("'\"").split()
    return [argument for path in files if Path(path).is_file() for argument in ("-c", path)]


def compile_locks(uv: Path, into: Path, upgrade: bool) -> None:
    """Write ``into/app.txt`` and ``into/test.txt``: the app's lock, and the tests' on top of it."""
    common = [
        "--universal",
        "--python-version",
        LOWEST_PYTHON,
        "--generate-hashes",
        "--override",
        str(OVERRIDES),
        "--custom-compile-command",
        COMPILE_COMMAND,
        "--quiet",
        *machine_constraints(),
        *(["--upgrade"] if upgrade else []),
    ]
    app, test = into / APP_LOCK.name, into / TEST_LOCK.name
    if not upgrade and into != HERE:
        shutil.copy(APP_LOCK, app)
        shutil.copy(TEST_LOCK, test)
    sources = [str(REPO / "pyproject.toml"), str(HERE / "app.in")]
    run([str(uv), "pip", "compile", *sources, *common, "-o", str(app)], cwd=REPO)
    # The tests' lock holds every version of the app's lock: the suite tests what users install.
    test_sources = [*sources, "--extra", "test", "-c", str(app)]
    run([str(uv), "pip", "compile", *test_sources, *common, "-o", str(test)], cwd=REPO)
    for lock in (app, test):  # name no machine's own files in a committed lock
        text = lock.read_text(encoding="utf-8")
        for path in machine_constraints()[1::2]:
            text = text.replace(f"-c {path}", "-c (this machine's pip constraints)")
        lock.write_text(text, encoding="utf-8")
    logger.info("locked: %s, %s", app, test)


def wheels_everywhere(uv: Path, folder: Path) -> bool:
    """Whether every platform and Python the lock promises has a wheel of each locked package."""
    served = True
    for platform in PLATFORMS:
        for python in PYTHONS:
            check = subprocess.run(
                [
                    str(uv),
                    "pip",
                    "compile",
                    str(folder / TEST_LOCK.name),
                    "--no-deps",
                    "--only-binary",
                    ":all:",
                ]
                + [
                    "--python-platform",
                    platform.uv_platform,
                    "--python-version",
                    python,
                    "-o",
                    os.devnull,
                    "-q",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, **dict(platform.environment)},
                cwd=REPO,
            )
            if check.returncode != 0:
                served = False
                why = [line for line in check.stderr.splitlines() if "Because" in line or "hint" in line]
                logger.error("%s, Python %s: not installable: %s", platform.name, python, " ".join(why)[:400])
    if served:
        logger.info("wheels for every locked package on: %s", ", ".join(p.name for p in PLATFORMS))
    return served


def pinned(lock: Path) -> dict[str, str]:
    """``name -> version (markers)`` of a lock file."""
    versions: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if match:
            name, version, markers = match.groups()
            key = name.lower() + (f" ; {markers}" if markers else "")
            versions[key] = version
    return versions


def changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            lines.append(f"  {name}: {old.get(name, '-')} -> {new.get(name, '-')}")
    return lines


def install_lock(python: Path, lock: Path) -> None:
    """Install a lock exactly as the README's commands do."""
    pip = [str(python), "-m", "pip", "install", "-q"]
    run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)])
    run([*pip, "--no-deps", "--no-build-isolation", "-e", str(REPO)])


def try_newest(refresh: bool, keep: bool, pytest_args: list[str]) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="matchdesk-newest-"))
    uv = uv_executable(scratch)
    candidate = scratch / "lock"
    candidate.mkdir()
    compile_locks(uv, candidate, upgrade=True)
    changed = changes(pinned(TEST_LOCK), pinned(candidate / TEST_LOCK.name))
    logger.info(
        "newest releases against the lock (%d changed):\n%s", len(changed), "\n".join(changed) or "  none"
    )
    served = wheels_everywhere(uv, candidate)
    python = make_environment(scratch / "env")
    install_lock(python, candidate / TEST_LOCK.name)
    suite = subprocess.run(
        ["tests/with_servers.sh", str(python), "-m", "pytest", "-p", "no:cacheprovider", *pytest_args],
        cwd=REPO,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "VIRTUAL_ENV": str(python.parent.parent),
            "MATCHDESK_LOCK": str(candidate / TEST_LOCK.name),  # tests/test_lock.py checks this one
        },
        capture_output=True,
        text=True,
    )
    broke = [line for line in suite.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    summary = suite.stdout.strip().splitlines()[-1:] or ["(pytest printed nothing)"]
    logger.info("the suite on the newest releases: %s", summary[0])
    for line in broke:
        logger.info("  %s", line)
    passed = suite.returncode == 0
    if passed and served and refresh:
        shutil.copy(candidate / APP_LOCK.name, APP_LOCK)
        shutil.copy(candidate / TEST_LOCK.name, TEST_LOCK)
        logger.info("the lock now holds the newest releases: commit lock/app.txt and lock/test.txt")
    elif refresh:
        logger.info(
            "the lock is unchanged: the newest releases %s",
            "broke the suite" if not passed else "lack wheels",
        )
    if keep:
        logger.info("kept: %s (its Python: %s)", scratch, python)
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if passed and served else 1


def run(command: list[str], cwd: Path | None = None) -> None:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(
            f"{' '.join(command[:4])} ...: failed\n{completed.stdout[-2000:]}{completed.stderr[-4000:]}"
        )


if __name__ == "__main__":
    sys.exit(main())
