"""Before Qt opens a window: is there a screen, and are the system libraries Qt needs there?

Without them Qt prints its own message and aborts the process with a core dump (exit 134). We ask
first, and say in one line what is missing and how to get it.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PyQt6.QtCore import QLibraryInfo

from matchdesk.errors import MatchdeskError

# Platforms that draw without a window system (Qt's offscreen, VNC, framebuffer...).
_NO_WINDOW_SYSTEM_NEEDED = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
# Qt 6.5+ loads libxcb-cursor itself when the plugin starts: no link-time dependency shows it.
_LOADED_AT_START = ("libxcb-cursor.so.0",)
SCREENSHOT_HINT = (
    "Run it on a desktop, or save a picture without a screen: "
    "QT_QPA_PLATFORM=offscreen matchdesk review ... --screenshot desk.png"
)


def check_can_open_windows() -> None:
    """Raise MatchdeskError, in one line, when Qt could not open a window here."""
    if not sys.platform.startswith("linux"):
        return  # Windows and macOS always have their window system
    platform = re.split(r"[;:]", os.environ.get("QT_QPA_PLATFORM", ""))[0].strip()
    if platform in _NO_WINDOW_SYSTEM_NEEDED:
        return
    if not platform and os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return  # Qt picks its Wayland plugin, which needs nothing from the system beyond the session
    if platform not in ("", "xcb"):
        return  # a platform the user chose knowingly
    display = os.environ.get("DISPLAY", "")
    if not display:
        raise MatchdeskError(
            f"there is no screen to open a window on (DISPLAY is not set). {SCREENSHOT_HINT}"
        )
    missing = missing_xcb_libraries()
    if missing:
        packages = " ".join(sorted({debian_package(library) for library in missing}))
        raise MatchdeskError(
            f"Qt cannot open a window: the system lacks {', '.join(missing)}. "
            f"On Debian or Ubuntu: sudo apt install {packages}"
        )
    if not _display_answers(display):
        raise MatchdeskError(f"the screen DISPLAY={display} does not answer. {SCREENSHOT_HINT}")


def xcb_plugin() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"


def missing_xcb_libraries(plugin: Path | None = None) -> list[str]:
    """The shared libraries Qt's X11 plugin needs that this system lacks (sonames, in order found)."""
    plugin = plugin or xcb_plugin()
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if ldd is not None:
        listed = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30).stdout
        missing = re.findall(r"^\s*(\S+) => not found", listed, flags=re.MULTILINE)
    else:
        try:
            ctypes.CDLL(str(plugin))
        except OSError as error:
            missing = re.findall(r"(\S+\.so[.\d]*): cannot open shared object file", str(error))
    for library in _LOADED_AT_START:
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(library)
    return list(dict.fromkeys(missing))


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname``, by Debian's naming rule for libraries.

    ``libxcb-cursor.so.0`` -> ``libxcb-cursor0``; ``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``.
    """
    match = re.fullmatch(r"(lib[^/]+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if match is None:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _display_answers(display: str) -> bool:
    """Whether an X server answers on ``display`` (libxcb is there: the plugin check passed)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
