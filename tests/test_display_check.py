"""Opening the desk where no window can open: one clear line and exit 2, never Qt's core dump."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ui.common.display_check import debian_package, missing_xcb_libraries

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="X11 and its libraries are Linux's"
)


def review_with(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "matchdesk", "review", "--sample"],
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_screen_at_all_the_desk_says_how_to_take_a_screenshot_instead() -> None:
    result = review_with({})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("matchdesk review: error: there is no screen")
    assert "QT_QPA_PLATFORM=offscreen" in lines[0] and "--screenshot" in lines[0]


def test_a_screen_that_is_not_there_or_missing_qt_libraries_give_one_line_naming_the_cure() -> None:
    # Display 87 has no server here. Where Qt's X11 libraries are missing that is said first, with the
    # packages to install; where they are all present, the silent screen is named.
    result = review_with({"DISPLAY": ":87"})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    missing = missing_xcb_libraries()
    if missing:
        assert "Qt cannot open a window" in lines[0]
        assert all(library in lines[0] for library in missing)
        assert "sudo apt install " + " ".join(sorted({debian_package(m) for m in missing})) in lines[0]
    else:
        assert "DISPLAY=:87 does not answer" in lines[0]


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libEGL.so.1", "libegl1"),
        ("libfontconfig.so.1.12.0", "libfontconfig1"),
    ],
)
def test_a_missing_library_is_named_by_the_debian_package_that_ships_it(soname: str, package: str) -> None:
    assert debian_package(soname) == package
