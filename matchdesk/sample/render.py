"""Drawing one camera's view of the sample match, and the boxes of everyone it shows."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.sample.cameras import HEIGHT, WIDTH, CameraPose, CameraSpec
from matchdesk.sample.framestamp import stamp_frame_number
from matchdesk.sample.scenario import (
    BALL_RADIUS,
    FRAME_RATE,
    PITCH_LENGTH,
    PITCH_WIDTH,
    PLAYER_HEIGHT,
    FloatArray,
    Person,
    Scenario,
)

Image = npt.NDArray[np.uint8]

_TEXTURE_SCALE = 20.0  # texture pixels per metre
_TEXTURE_MARGIN = 6.0  # metres of grass beyond the lines
_LINE_WIDTH_M = 0.12
_SKIN = (205, 160, 125)
_SOCKS = (235, 235, 235)
# Where the broadcast's text is drawn over the scene (x1, y1, x2, y2): the score bug, and the camera's
# caption with its own frame number. Fonts rasterise differently from one OpenCV build and processor
# to another, so what the sample promises is checked around them (tests/test_sample_match.py).
SCORE_BUG_BOX = (WIDTH - 300, 8, WIDTH - 8, 36)
CAPTION_BOX = (0, HEIGHT - 34, 360, HEIGHT)
TEXT_BOXES = (SCORE_BUG_BOX, CAPTION_BOX)


@dataclass(frozen=True)
class VisibleObject:
    """Where one person or the ball appears in one frame of one camera."""

    object_id: int
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in pixels, clipped to the picture
    visible: bool


def pitch_texture() -> tuple[Image, FloatArray]:
    """A top-down picture of the pitch with its markings, and the map from metres to its pixels."""
    scale, margin = _TEXTURE_SCALE, _TEXTURE_MARGIN
    width = int((PITCH_LENGTH + 2 * margin) * scale)
    height = int((PITCH_WIDTH + 2 * margin) * scale)
    texture = np.empty((height, width, 3), dtype=np.uint8)
    stripe = np.floor((np.arange(width) / scale - margin) / 5.25).astype(int) % 2
    texture[:] = np.where(stripe[None, :, None] == 0, [46, 128, 52], [56, 142, 60]).astype(np.uint8)

    def px(x: float, y: float) -> tuple[int, int]:
        return int(round((x + margin) * scale)), int(round((y + margin) * scale))

    white, thickness = (240, 240, 240), max(1, int(_LINE_WIDTH_M * scale))
    cv2.rectangle(texture, px(0, 0), px(PITCH_LENGTH, PITCH_WIDTH), white, thickness)
    cv2.line(texture, px(PITCH_LENGTH / 2, 0), px(PITCH_LENGTH / 2, PITCH_WIDTH), white, thickness)
    cv2.circle(texture, px(PITCH_LENGTH / 2, PITCH_WIDTH / 2), int(9.15 * scale), white, thickness)
    cv2.circle(texture, px(PITCH_LENGTH / 2, PITCH_WIDTH / 2), int(0.3 * scale), white, -1)
    for goal_x, inward in ((0.0, 1.0), (PITCH_LENGTH, -1.0)):
        for depth, half_width in ((16.5, 20.16), (5.5, 9.16)):
            cv2.rectangle(
                texture,
                px(goal_x, PITCH_WIDTH / 2 - half_width),
                px(goal_x + inward * depth, PITCH_WIDTH / 2 + half_width),
                white,
                thickness,
            )
        cv2.circle(texture, px(goal_x + inward * 11.0, PITCH_WIDTH / 2), int(0.25 * scale), white, -1)
    to_texture = np.array([[scale, 0, margin * scale], [0, scale, margin * scale], [0, 0, 1]])
    return texture, to_texture


def stand_background(seed: int) -> Image:
    """Stands full of people: a fixed, deterministic mottled pattern behind the pitch."""
    rng = np.random.default_rng(seed)
    # Soft blobs of colour rather than pixel noise: it reads as a crowd and compresses well.
    small = rng.integers(50, 150, size=(HEIGHT // 18, WIDTH // 18, 3), dtype=np.uint8)
    crowd = cv2.resize(small, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    return np.asarray(cv2.GaussianBlur(crowd, (0, 0), 3), dtype=np.uint8)


def render_frame(
    spec: CameraSpec,
    pose: CameraPose,
    scenario: Scenario,
    match_frame: int,
    own_frame: int,
    texture: tuple[Image, FloatArray],
    background: Image,
) -> tuple[Image, list[VisibleObject]]:
    """The RGB picture camera ``spec`` records at ``match_frame``, and what it shows where."""
    image = background.copy()
    grass, to_texture = texture
    image_from_texture = pose.ground_homography() @ np.linalg.inv(to_texture)
    cv2.warpPerspective(
        grass,
        image_from_texture,
        (WIDTH, HEIGHT),
        dst=image,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_TRANSPARENT,
    )
    _draw_goals(image, pose)

    drawables: list[tuple[float, int]] = []
    for person in scenario.people:
        x, y = scenario.positions[match_frame, person.object_id]
        _, depth = pose.project(np.array([[x, y, 0.0]]))
        drawables.append((float(depth[0]), person.object_id))
    ball_depth = pose.project(scenario.ball[match_frame][None, :])[1][0]
    drawables.append((float(ball_depth), scenario.ball_id))

    objects: list[VisibleObject] = []
    for _, object_id in sorted(drawables, reverse=True):  # far first, near ones drawn over them
        if object_id == scenario.ball_id:
            box = _draw_ball(image, pose, scenario.ball[match_frame])
        else:
            person = scenario.people[object_id]
            box = _draw_person(
                image,
                pose,
                person,
                scenario.positions[match_frame, object_id],
                float(scenario.fallen[match_frame, object_id]),
            )
        objects.append(_clip(object_id, box))
    _draw_overlays(image, spec, match_frame, own_frame)
    return image, sorted(objects, key=lambda o: o.object_id)


def _draw_goals(image: Image, pose: CameraPose) -> None:
    for goal_x in (0.0, PITCH_LENGTH):
        posts = np.array(
            [
                [goal_x, 34 - 3.66, 0],
                [goal_x, 34 - 3.66, 2.44],
                [goal_x, 34 + 3.66, 2.44],
                [goal_x, 34 + 3.66, 0],
            ]
        )
        pixels, depth = pose.project(posts)
        if np.all(depth > 0):
            cv2.polylines(image, [pixels.astype(np.int32)], False, (250, 250, 250), 2, cv2.LINE_AA)


def _draw_person(image: Image, pose: CameraPose, person: Person, xy: FloatArray, fallen: float) -> FloatArray:
    x, y = float(xy[0]), float(xy[1])
    # A fallen player lies along +x; in between, the body tips over.
    angle = fallen * np.pi / 2 * 0.95
    head = np.array([x + np.sin(angle) * PLAYER_HEIGHT, y, np.cos(angle) * PLAYER_HEIGHT])
    points = np.array([[x, y, 0.0], head, (np.array([x, y, 0.0]) + head) / 2])
    pixels, depth = pose.project(points)
    if np.any(depth <= 0):
        return np.array([np.nan] * 4)
    foot, top, _ = pixels
    axis = top - foot
    length = float(np.linalg.norm(axis)) or 1.0
    across = np.array([-axis[1], axis[0]]) / length * length * 0.13

    def at(along: float, side: float = 0.0) -> tuple[int, int]:
        point = foot + axis * along + across * side
        return int(round(point[0])), int(round(point[1]))

    limb = max(1, int(length * 0.07))
    stride = np.sin((x + y) * 2.2) * 0.6  # legs apart as the player runs
    cv2.line(image, at(0.45, -0.35), at(0.0, -0.35 - stride), _SOCKS, limb, cv2.LINE_AA)
    cv2.line(image, at(0.45, 0.35), at(0.0, 0.35 + stride), _SOCKS, limb, cv2.LINE_AA)
    cv2.fillConvexPoly(
        image,
        np.array([at(0.42, -0.9), at(0.42, 0.9), at(0.55, 0.9), at(0.55, -0.9)]),
        person.shorts_rgb,
        cv2.LINE_AA,
    )
    cv2.fillConvexPoly(
        image,
        np.array([at(0.53, -1.0), at(0.53, 1.0), at(0.84, 1.1), at(0.84, -1.1)]),
        person.shirt_rgb,
        cv2.LINE_AA,
    )
    cv2.line(image, at(0.82, -1.1), at(0.55, -1.5), person.shirt_rgb, limb, cv2.LINE_AA)
    cv2.line(image, at(0.82, 1.1), at(0.55, 1.5), person.shirt_rgb, limb, cv2.LINE_AA)
    cv2.circle(image, at(0.92), max(1, int(length * 0.075)), _SKIN, -1, cv2.LINE_AA)
    corners = np.array([foot + across * s for s in (-1.6, 1.6)] + [top + across * s for s in (-1.6, 1.6)])
    return np.array([corners[:, 0].min(), corners[:, 1].min(), corners[:, 0].max(), corners[:, 1].max()])


def _draw_ball(image: Image, pose: CameraPose, position: FloatArray) -> FloatArray:
    centre = position + [0.0, 0.0, BALL_RADIUS]
    pixels, depth = pose.project(centre[None, :])
    if depth[0] <= 0:
        return np.array([np.nan] * 4)
    radius = max(2.0, pose.K[0, 0] * BALL_RADIUS / float(depth[0]))
    cx, cy = pixels[0]
    cv2.circle(image, (int(round(cx)), int(round(cy))), int(round(radius)), (250, 250, 250), -1, cv2.LINE_AA)
    cv2.circle(image, (int(round(cx)), int(round(cy))), int(round(radius)), (30, 30, 30), 1, cv2.LINE_AA)
    return np.array([cx - radius, cy - radius, cx + radius, cy + radius])


def _clip(object_id: int, box: FloatArray) -> VisibleObject:
    if np.any(np.isnan(box)):
        return VisibleObject(object_id, (0.0, 0.0, 0.0, 0.0), False)
    x1, y1 = max(0.0, float(box[0])), max(0.0, float(box[1]))
    x2, y2 = min(float(WIDTH), float(box[2])), min(float(HEIGHT), float(box[3]))
    visible = x2 - x1 >= 2 and y2 - y1 >= 2
    return VisibleObject(object_id, (x1, y1, x2, y2) if visible else (0.0, 0.0, 0.0, 0.0), visible)


def _draw_overlays(image: Image, spec: CameraSpec, match_frame: int, own_frame: int) -> None:
    seconds = Fraction(match_frame) / FRAME_RATE
    clock = 23 * 60 + 41 + int(seconds)
    bug = f"HOME 0-0 AWAY  {clock // 60:02d}:{clock % 60:02d}"
    bug_x1, bug_y1, bug_x2, bug_y2 = SCORE_BUG_BOX
    cv2.rectangle(image, (bug_x1, bug_y1), (bug_x2, bug_y2), (15, 25, 60), -1)
    cv2.putText(
        image, bug, (bug_x1 + 8, bug_y2 - 7), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1, cv2.LINE_AA
    )
    cv2.putText(
        image,
        f"{spec.label}  #{own_frame}",
        (CAPTION_BOX[0] + 12, CAPTION_BOX[3] - 14),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.55,
        (255, 255, 255),
        1,
        cv2.LINE_AA,
    )
    stamp_frame_number(image, own_frame)
