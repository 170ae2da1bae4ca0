"""The sound of the sample match: crowd, ball strikes and the referee's whistle, heard by every
camera at the same match moments (each with its own gain and its own microphone noise)."""

from __future__ import annotations

import io
import wave
from fractions import Fraction

import numpy as np

from matchdesk.sample.scenario import FRAME_RATE, KICK_SECONDS, MATCH_FRAMES, WHISTLE_SECONDS, FloatArray

SAMPLE_RATE = 48_000


def match_soundtrack(seed: int = 11) -> FloatArray:
    """Mono samples in -1..1 covering the whole match timeline."""
    rng = np.random.default_rng(seed)
    count = int(MATCH_FRAMES / FRAME_RATE * SAMPLE_RATE)
    t = np.arange(count) / SAMPLE_RATE
    # Crowd: low-passed noise whose level swells and roars when the foul happens.
    noise = rng.standard_normal(count)
    crowd = np.convolve(noise, np.ones(24) / 24, mode="same")
    swell = 0.6 + 0.25 * np.sin(2 * np.pi * 0.23 * t) + 0.15 * np.sin(2 * np.pi * 0.61 * t + 1.0)
    roar = 1.0 + 1.8 * np.exp(-(((t - 7.4) / 0.9) ** 2))
    sound = 0.35 * crowd * swell * roar
    for seconds in KICK_SECONDS:
        sound += _kick(t, float(seconds))
    for seconds, length in zip(WHISTLE_SECONDS, (0.35, 0.9, 0.5), strict=True):
        sound += _whistle(t, float(seconds), length)
    return np.clip(sound, -1.0, 1.0)


def _kick(t: FloatArray, at: float) -> FloatArray:
    since = t - at
    active = since >= 0
    envelope = np.where(active, np.exp(-np.clip(since, 0, None) * 45), 0.0)
    return 0.5 * envelope * np.sin(2 * np.pi * 95 * np.clip(since, 0, None))


def _whistle(t: FloatArray, at: float, length: float) -> FloatArray:
    since = t - at
    active = (since >= 0) & (since <= length)
    attack = np.clip(since / 0.02, 0, 1) * np.clip((length - since) / 0.05, 0, 1)
    # A pea whistle: a bright tone trilled by the pea at about 35 Hz.
    trill = 0.75 + 0.25 * np.sin(2 * np.pi * 35 * since)
    tone = np.sin(2 * np.pi * 3150 * since) + 0.3 * np.sin(2 * np.pi * 6300 * since)
    return np.where(active, 0.45 * attack * trill * tone, 0.0)


def camera_soundtrack(
    soundtrack: FloatArray, start_frame: int, frames: int, gain: float, seed: int
) -> FloatArray:
    """What one camera's microphone records over its own frames."""
    first = int(Fraction(start_frame) / FRAME_RATE * SAMPLE_RATE)
    count = int(Fraction(frames) / FRAME_RATE * SAMPLE_RATE)
    own_noise = np.random.default_rng(seed).standard_normal(count) * 0.02
    return np.clip(soundtrack[first : first + count] * gain + own_noise, -1.0, 1.0)


def wav_bytes(samples: FloatArray) -> bytes:
    """16-bit mono WAV of ``samples``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes((samples * 32767).astype("<i2").tobytes())
    return buffer.getvalue()
