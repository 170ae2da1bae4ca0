"""Fixtures shared by the whole suite: generated clips, the sample match, and real footage from ../shared.

The suite runs on every core (pytest-xdist, ``-n auto`` in pyproject.toml); what is costly to make (the
OpenVINO exports, the tracked wide camera, the rendered races, the proxies, the encoded clips) is made
once for the whole run, by whichever worker asks first, and shared by all of them through the run's
temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from matchdesk.sample.live_cameras import LiveCamera
from matchdesk.sample.match import SampleMatch, load_sample_match
from matchdesk.sample.testclip import ClipSpec, make_test_clip

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MATCHDESK_SHARED", REPO.parent / "shared"))


def run_shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """The path of ``name`` in the run's temporary folder, the same for every xdist worker (each worker's
    own folder is inside that one)."""
    own = tmp_path_factory.getbasetemp()
    return (own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own) / "shared" / name


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``name`` of this run, filled by ``make(folder)`` by the first worker to ask; the others
    wait for it and share it."""
    folder = run_shared(tmp_path_factory, name)
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = folder.parent / f"{name}.made"  # beside it: a test may list the folder
    with FileLock(str(folder) + ".lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def exported_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Models exported to OpenVINO once for the whole run (keyed by the weights' content; an export is
    moved into place whole, so workers exporting at once do not clash)."""
    folder = run_shared(tmp_path_factory, "exported-models")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def windows_taken_down_as_the_test_ends(request: pytest.FixtureRequest) -> Iterator[None]:
    """The windows a test leaves are destroyed as it ends, by Qt. pytest-qt keeps only a weak
    reference to each window given to ``qtbot.addWidget``, closes it and asks Qt to delete it later,
    which only an event loop does; left to Python's collector meanwhile, a window's plots could be
    emptied while Qt still drew them, which once killed a worker (a pyqtgraph line asked for its size
    without its view, then a segmentation fault). So each such window is held until here, and deleted."""
    held: list[Any] = []
    if "qtbot" in request.fixturenames:
        qtbot = request.getfixturevalue("qtbot")
        add_widget = qtbot.addWidget

        def add_and_hold(widget: Any, *args: Any, **kwargs: Any) -> None:
            held.append(widget)
            add_widget(widget, *args, **kwargs)

        qtbot.addWidget = add_and_hold
    yield
    import sys

    if "PyQt6.QtCore" not in sys.modules:
        return
    from PyQt6 import sip
    from PyQt6.QtCore import QCoreApplication, QEvent

    for widget in held:  # pytest-qt has closed them already
        if not sip.isdeleted(widget):
            widget.deleteLater()
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    held.clear()


@pytest.fixture(autouse=True)
def model_warm_ups_finish_within_their_test() -> Iterator[None]:
    """A desk's offside tool loads its model on a worker thread as it opens; the test that opened it
    waits for it, so that the load neither logs into a later test's closed output nor exports the model
    after this test's private folders are given back."""
    yield
    for thread in threading.enumerate():
        if thread.name == "offside-auto-warm":
            thread.join(timeout=120)


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exported_models: Path) -> Path:
    """Every test gets its own proxy cache, settings, signing key and receipts, never the user's; the
    models exported to OpenVINO are shared by the run."""
    folder = tmp_path / "proxy-cache"
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(folder))
    monkeypatch.setenv("MATCHDESK_MODEL_CACHE_DIR", str(exported_models))
    monkeypatch.setenv("MATCHDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MATCHDESK_DATA_DIR", str(tmp_path / "data"))
    return folder


@pytest.fixture(scope="session")
def make_clip(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, ClipSpec], Path]:
    """Encode a stamped clip once per run per (name, spec)."""

    def make(name: str, spec: ClipSpec) -> Path:
        key = hashlib.sha1(repr((name, spec)).encode()).hexdigest()[:12]
        folder = made_once(tmp_path_factory, f"clip-{key}", lambda into: make_test_clip(into / name, spec))
        return folder / name

    return make


@pytest.fixture(scope="session")
def sample_match() -> SampleMatch:
    return load_sample_match(REPO / "sample_clips")


@pytest.fixture(scope="session")
def sample_proxies(sample_match: SampleMatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Proxies of the sample match's cameras, built once for the whole run."""
    from var.media import build_proxy

    def build(folder: Path) -> None:
        for path in sample_match.camera_paths:
            build_proxy(path, folder)

    return made_once(tmp_path_factory, "sample-proxies", build)


@pytest.fixture(scope="session")
def sample_wide_tracks(
    sample_match: SampleMatch, tmp_path_factory: pytest.TempPathFactory, exported_models: Path
) -> Path:
    """The sample match's wide camera tracked once for the run, as a session folder keeps it
    (``tracks/cam1_wide.parquet``): the session tests share it rather than track it twice."""
    from tracking.pipeline import track_video
    from tracking.settings import TrackingSettings

    def track(folder: Path) -> None:
        # Not the user's caches: a session fixture is made before each test's private ones.
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MATCHDESK_MODEL_CACHE_DIR", str(exported_models))
            patch.setenv("MATCHDESK_CACHE_DIR", str(folder / "cache"))
            tracks, _ = track_video(
                sample_match.camera_path("cam1_wide"),
                sample_match.folder / "demo_detector.pt",
                TrackingSettings(),
            )
        tracks.to_parquet(folder / "cam1_wide.parquet")

    return made_once(tmp_path_factory, "sample-wide-tracks", track) / "cam1_wide.parquet"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than there are cores, since much of the suite waits on cameras,
    servers and encoders rather than computing (on 2 cores: 3 workers take 12 minutes, 2 take 15, one
    23); at most 4, each worker holding its own models and pictures. Asked for named tests only
    (``path::test``), no more workers than tests: each worker costs seconds of imports."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(cores + 1, 4)
    named = [argument for argument in config.args if "::" in argument]
    if named and len(named) == len(config.args):
        return min(workers, len(named))
    return workers


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The heavy tests first, so that each worker starts on one and the run ends on short ones."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


def shared_file(relative: str) -> Path:
    """A file under ../shared, or a skip that says exactly what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (tests on real footage/data skipped)")
    return path


def show_desk(qtbot: Any, window: Any) -> Any:
    """Put a review window on the (offscreen) screen as a referee would see it, every angle decoded."""
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.wait_until_shown()
    return window


def change_language_while_taken_apart(window: Any) -> None:
    """Switch to Vietnamese and back while ``window`` is as Python leaves a closed window it collects:
    its attributes emptied before Qt lets go of it. Qt still tells it of the language change; a window
    that then tries to say itself anew raises inside the event loop, which fails the test."""
    from PyQt6.QtCore import QCoreApplication

    from ui.common.i18n import current_language, set_language

    was = current_language()
    attributes = dict(window.__dict__)
    window.__dict__.clear()
    try:
        set_language("vi")
        set_language(was)
        QCoreApplication.processEvents()  # the language change is posted to each window: told here
    finally:
        window.__dict__.update(attributes)


@pytest.fixture
def match_clock() -> float:
    """Match frame 0 happens a moment from now, on ``time.monotonic()``."""
    return time.monotonic() + 1.0


@pytest.fixture
def cameras() -> Iterator[list[LiveCamera]]:
    """The simulated cameras a test starts, stopped when it ends."""
    started: list[LiveCamera] = []
    yield started
    for camera in started:
        camera.stop()


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def wide_camera(match_clock: float, cameras: list[LiveCamera]) -> str:
    """The wide camera, filming from match frame 0 and sending MPEG-TS over UDP: its address."""
    address = f"udp://127.0.0.1:{free_udp_port()}"
    cameras.append(LiveCamera(address, match_clock, 0, "WIDE").start())
    return address


# The sample race (matchdesk sample race) at 50 fps, at 120 with a phone's 20 ms rolling shutter, and at 240.
RACES = {
    "50": (Fraction(50), 0.0),
    "120-rolling-shutter": (Fraction(120), 0.020),
    "240": (Fraction(240), 0.0),
}


class RenderedRaces(Mapping[str, Path]):
    """The sample race at each frame rate of ``RACES``, each rendered when a test first asks for it (by
    whichever worker asks first), so that workers render different races at the same time."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._factory = tmp_path_factory

    def __getitem__(self, name: str) -> Path:
        from matchdesk.sample.race import RaceSpec, render_race

        rate, readout = RACES[name]
        return made_once(
            self._factory, f"race{name}", lambda into: render_race(RaceSpec(rate, readout), into)
        )

    def __iter__(self) -> Iterator[str]:
        return iter(RACES)

    def __len__(self) -> int:
        return len(RACES)


@pytest.fixture(scope="session")
def sample_races(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, Path]:
    """The sample race (``matchdesk sample race``) at each rate of ``RACES``: folder by name."""
    return RenderedRaces(tmp_path_factory)
