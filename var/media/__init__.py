"""Frame-exact access to camera files: ``with open_video(path) as video: video.frame(i)``."""

from var.media.errors import FrameOutOfRange, MediaError
from var.media.index import FrameIndex, picture_size
from var.media.info import VideoInfo
from var.media.proxy import Proxy, build_proxy, default_cache_dir, load_proxy
from var.media.video import Video, open_video

__all__ = [
    "FrameIndex",
    "FrameOutOfRange",
    "MediaError",
    "Proxy",
    "Video",
    "VideoInfo",
    "build_proxy",
    "default_cache_dir",
    "load_proxy",
    "open_video",
    "picture_size",
]
