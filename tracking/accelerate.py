"""OpenVINO copies of Ultralytics weights, for faster detection on Intel/AMD CPUs.

The export is made from a copy in matchdesk's cache (never next to the user's weights, which may
sit on a read-only share), keyed by the weights' content and the input size. Each export is made in
a folder of its own and moved into place whole, so two processes (the desk and a script, or two test
workers) exporting the same weights at once never see each other's half-written files.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from tracking.ultralytics_logs import nothing_on_stdout
from var.media.proxy import content_key, default_cache_dir

logger = logging.getLogger(__name__)

MODEL_CACHE_VARIABLE = "MATCHDESK_MODEL_CACHE_DIR"


def model_cache_dir() -> Path:
    """Where exported models live: ``$MATCHDESK_MODEL_CACHE_DIR``, else ``models`` in the cache folder.
    An export is keyed by the weights' content, so any number of videos and runs share it."""
    configured = os.environ.get(MODEL_CACHE_VARIABLE)
    return Path(configured) if configured else default_cache_dir() / "models"


def openvino_model(weights: Path, image_size: int = 640) -> Path:
    """The OpenVINO model folder for ``weights`` at ``image_size``, exported on first use."""
    if not weights.is_file():
        raise MatchdeskError("weights file not found", weights)
    folder = model_cache_dir()
    key = f"{content_key(weights)}-{image_size}"
    target = folder / f"{key}_openvino_model"
    if _is_whole(target):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{key}-export-", dir=folder) as private:
        copy = Path(private) / f"{key}.pt"
        shutil.copyfile(weights, copy)
        from ultralytics import YOLO

        try:
            with nothing_on_stdout():
                exported = Path(
                    YOLO(str(copy)).export(format="openvino", imgsz=image_size, dynamic=False, half=False)
                )
        except Exception as error:  # the exporter raises many kinds
            raise MatchdeskError(f"could not export to OpenVINO ({error})", weights) from error
        if target.exists() and not _is_whole(target):
            shutil.rmtree(target, ignore_errors=True)  # left by an export that was stopped half-way
        try:
            exported.rename(target)
        except OSError:  # another process put the same export in place first: theirs is used
            if not _is_whole(target):
                raise
            return target
    logger.info("exported %s to OpenVINO at %s", weights, target)
    return target


def _is_whole(export: Path) -> bool:
    """An export folder in place: one moved in whole holds its model (an older version's export stopped
    half-way may not)."""
    return any(export.glob("*.xml"))


def in_full_precision(model: Any, folder: Path) -> Any:
    """``model`` (Ultralytics' YOLO on the OpenVINO ``folder``), computing in float32 on any CPU.

    OpenVINO's CPU plugin computes in bfloat16 by default where the CPU has AMX (Intel Xeon since
    Sapphire Rapids) and in float32 elsewhere, so the same frame gave other boxes on such a machine
    (an offside line through another player on the Liverpool-Benfica clip): a referee's call must not
    depend on the computer. Ultralytics compiles the model when it sets a predictor up, without a way
    to ask for the precision; each time it has, before it predicts, the model is compiled once more in
    float32 where it is not already.
    """
    model.add_callback("on_predict_start", lambda predictor: _compile_in_float32(predictor.model, folder))
    return model


def _compile_in_float32(autobackend: Any, folder: Path) -> None:
    import openvino as ov

    backend = autobackend.backend
    if backend.ov_compiled_model.get_property("INFERENCE_PRECISION_HINT") == ov.Type.f32:
        return
    compile_model = backend.compile_model  # functools.partial(core.compile_model, device_name=, config=)
    config = {**compile_model.keywords.get("config", {}), "INFERENCE_PRECISION_HINT": ov.Type.f32}
    backend.compile_model = functools.partial(
        compile_model.func, *compile_model.args, **{**compile_model.keywords, "config": config}
    )
    backend.ov_compiled_model = backend.compile_model(str(next(folder.glob("*.xml"))))
    logger.info("%s: compiled in float32 (OpenVINO chose bfloat16 on this CPU)", folder)
