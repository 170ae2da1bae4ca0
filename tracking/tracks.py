"""``Tracks``: the one data type for tracking results, read by metrics, storage and overlays alike.

One row per detection per frame, as numpy arrays that are validated on construction and can be
sliced with a boolean mask (like supervision's ``Detections``). Stored as Parquet with the
columns scripts rely on: ``frame, track_id, cls, x1, y1, x2, y2, conf`` plus ``team``,
``pitch_x``, ``pitch_y``, ``keypoints`` and ``hidden``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from matchdesk.whole_files import written_whole

CLASSES = ("player", "goalkeeper", "referee", "ball")
CLASS_CODES = {name: code for code, name in enumerate(CLASSES)}
NO_TEAM = -1
KEYPOINTS = 17  # COCO body points


@dataclass
class Tracks:
    """Detections with track ids (``-1`` where no track was given), in source-frame pixels."""

    frame: npt.NDArray[np.int64]
    track_id: npt.NDArray[np.int64]
    cls: npt.NDArray[np.int8]  # index into CLASSES
    xyxy: npt.NDArray[np.float32]
    conf: npt.NDArray[np.float32]
    team: npt.NDArray[np.int8]
    pitch_xy: npt.NDArray[np.float32]  # metres; NaN where unknown
    keypoints: npt.NDArray[np.float32]  # (n, 17, 3) x, y, confidence; NaN where the model gave none
    # a player hidden behind another: his box is where the tracker's motion model guesses, not seen
    hidden: npt.NDArray[np.bool_]

    def __post_init__(self) -> None:
        n = len(self.frame)
        expected = {
            "track_id": (n,),
            "cls": (n,),
            "xyxy": (n, 4),
            "conf": (n,),
            "team": (n,),
            "pitch_xy": (n, 2),
            "keypoints": (n, KEYPOINTS, 3),
            "hidden": (n,),
        }
        for name, shape in expected.items():
            actual = getattr(self, name).shape
            if actual != shape:
                raise ValueError(f"Tracks.{name} has shape {actual}, expected {shape}")

    @staticmethod
    def empty() -> Tracks:
        return Tracks.build(frame=[], xyxy=np.zeros((0, 4)), conf=[], cls=[])

    @staticmethod
    def build(
        *,
        frame: Sequence[int] | npt.ArrayLike,
        xyxy: npt.ArrayLike,
        conf: npt.ArrayLike,
        cls: npt.ArrayLike,
        track_id: npt.ArrayLike | None = None,
        team: npt.ArrayLike | None = None,
        pitch_xy: npt.ArrayLike | None = None,
        keypoints: npt.ArrayLike | None = None,
        hidden: npt.ArrayLike | None = None,
    ) -> Tracks:
        """Tracks from array-likes; anything not given is unknown (-1 or NaN)."""
        frames = np.asarray(frame, dtype=np.int64).reshape(-1)
        n = len(frames)
        return Tracks(
            frame=frames,
            track_id=np.full(n, -1, np.int64) if track_id is None else np.asarray(track_id, np.int64),
            cls=np.asarray(cls, dtype=np.int8).reshape(-1),
            xyxy=np.asarray(xyxy, dtype=np.float32).reshape(n, 4),
            conf=np.asarray(conf, dtype=np.float32).reshape(-1),
            team=np.full(n, NO_TEAM, np.int8) if team is None else np.asarray(team, np.int8),
            pitch_xy=np.full((n, 2), np.nan, np.float32)
            if pitch_xy is None
            else np.asarray(pitch_xy, np.float32),
            keypoints=(
                np.full((n, KEYPOINTS, 3), np.nan, np.float32)
                if keypoints is None
                else np.asarray(keypoints, np.float32).reshape(n, KEYPOINTS, 3)
            ),
            hidden=np.zeros(n, bool) if hidden is None else np.asarray(hidden, bool).reshape(-1),
        )

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, index: npt.NDArray[np.bool_] | npt.NDArray[np.int64] | slice) -> Tracks:
        return Tracks(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @staticmethod
    def concat(parts: Sequence[Tracks]) -> Tracks:
        if not parts:
            return Tracks.empty()
        return Tracks(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Tracks)})

    def of_class(self, name: str) -> Tracks:
        return self[self.cls == CLASS_CODES[name]]

    def at(self, frame: int) -> Tracks:
        return self[self.frame == frame]

    def seen(self) -> Tracks:
        """The rows whose boxes the picture shows: not a hidden player's box guessed by the tracker
        (what external load is measured on; across a guess it takes the straight way)."""
        return self[~self.hidden]

    @property
    def feet(self) -> npt.NDArray[np.float32]:
        """Bottom-centre of each box: where a standing player touches the pitch."""
        return np.column_stack([(self.xyxy[:, 0] + self.xyxy[:, 2]) / 2, self.xyxy[:, 3]])

    @property
    def centres(self) -> npt.NDArray[np.float32]:
        return np.column_stack(
            [(self.xyxy[:, 0] + self.xyxy[:, 2]) / 2, (self.xyxy[:, 1] + self.xyxy[:, 3]) / 2]
        )

    # --- storage ------------------------------------------------------------------------------

    def to_dataframe(self) -> pd.DataFrame:
        has_keypoints = [not bool(np.isnan(k).all()) for k in self.keypoints]
        return pd.DataFrame(
            {
                "frame": self.frame,
                "track_id": self.track_id,
                "cls": pd.Categorical.from_codes(self.cls.astype(np.int64), categories=list(CLASSES)),
                "x1": self.xyxy[:, 0],
                "y1": self.xyxy[:, 1],
                "x2": self.xyxy[:, 2],
                "y2": self.xyxy[:, 3],
                "conf": self.conf,
                "team": self.team,
                "pitch_x": self.pitch_xy[:, 0],
                "pitch_y": self.pitch_xy[:, 1],
                "keypoints": [
                    k.reshape(-1).tolist() if has else None
                    for k, has in zip(self.keypoints, has_keypoints, strict=True)
                ],
                "hidden": self.hidden,
            }
        )

    @staticmethod
    def from_dataframe(table: pd.DataFrame) -> Tracks:
        names = table["cls"].astype(str)
        unknown = set(names) - set(CLASSES)
        if unknown:
            raise ValueError(f"unknown classes in tracks: {sorted(unknown)}")
        n = len(table)
        keypoints = np.full((n, KEYPOINTS, 3), np.nan, np.float32)
        if "keypoints" in table:
            for row, value in enumerate(table["keypoints"]):
                if value is not None and len(value) == KEYPOINTS * 3:
                    keypoints[row] = np.asarray(value, np.float32).reshape(KEYPOINTS, 3)
        return Tracks.build(
            frame=table["frame"].to_numpy(),
            xyxy=table[["x1", "y1", "x2", "y2"]].to_numpy(),
            conf=table["conf"].to_numpy(),
            cls=[CLASS_CODES[name] for name in names],
            track_id=table["track_id"].to_numpy() if "track_id" in table else None,
            team=table["team"].to_numpy() if "team" in table else None,
            pitch_xy=table[["pitch_x", "pitch_y"]].to_numpy() if "pitch_x" in table else None,
            keypoints=keypoints,
            hidden=table["hidden"].to_numpy() if "hidden" in table else None,
        )

    def to_parquet(self, path: Path) -> None:
        """Write atomically: a reader never sees half a file, and two writers of the same cache entry (the
        desk and a script) never write into one file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with written_whole(path) as partial:
            pq.write_table(
                pa.Table.from_pandas(self.to_dataframe(), preserve_index=False), partial, compression="zstd"
            )

    @staticmethod
    def read_parquet(path: Path) -> Tracks:
        return Tracks.from_dataframe(pd.read_parquet(path))
