"""Fixtures shared by the whole suite: generated clips, the sample match, and real footage from ../shared."""

from __future__ import annotations

import os
import socket
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from matchdesk.sample.live_cameras import LiveCamera
from matchdesk.sample.match import SampleMatch, load_sample_match
from matchdesk.sample.testclip import ClipSpec, make_test_clip

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MATCHDESK_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def exported_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Models exported to OpenVINO once for the whole run (keyed by the weights' content)."""
    return tmp_path_factory.mktemp("exported-models")


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
    """Encode a stamped clip once per session per (name, spec)."""
    folder = tmp_path_factory.mktemp("clips")
    made: dict[tuple[str, ClipSpec], Path] = {}

    def make(name: str, spec: ClipSpec) -> Path:
        key = (name, spec)
        if key not in made:
            made[key] = make_test_clip(folder / name, spec)
        return made[key]

    return make


@pytest.fixture(scope="session")
def sample_match() -> SampleMatch:
    return load_sample_match(REPO / "sample_clips")


@pytest.fixture(scope="session")
def sample_proxies(sample_match: SampleMatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Proxies of the sample match's cameras, built once for the whole session."""
    from var.media import build_proxy

    folder = tmp_path_factory.mktemp("sample-proxies")
    for path in sample_match.camera_paths:
        build_proxy(path, folder)
    return folder


@pytest.fixture(scope="session")
def sample_wide_tracks(
    sample_match: SampleMatch, tmp_path_factory: pytest.TempPathFactory, exported_models: Path
) -> Path:
    """The sample match's wide camera tracked once for the run, as a session folder keeps it
    (``tracks/cam1_wide.parquet``): the session tests share it rather than track it twice."""
    from tracking.pipeline import track_video
    from tracking.settings import TrackingSettings

    # Not the user's caches: a session fixture is made before each test's private ones.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MATCHDESK_MODEL_CACHE_DIR", str(exported_models))
        patch.setenv("MATCHDESK_CACHE_DIR", str(tmp_path_factory.mktemp("wide-tracks-cache")))
        tracks, _ = track_video(
            sample_match.camera_path("cam1_wide"),
            sample_match.folder / "demo_detector.pt",
            TrackingSettings(),
        )
    kept = tmp_path_factory.mktemp("sample-wide-tracks") / "cam1_wide.parquet"
    tracks.to_parquet(kept)
    return kept


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


@pytest.fixture(scope="session")
def sample_races(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample race rendered once per run at each frame rate of ``RACES``: folder by name."""
    from matchdesk.sample.race import RaceSpec, render_race

    folders = {}
    for name, (rate, readout) in RACES.items():
        folder = tmp_path_factory.mktemp(f"race{name}")
        render_race(RaceSpec(rate, readout), folder)
        folders[name] = folder
    return folders
