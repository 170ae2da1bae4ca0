"""A real RTSP server for the capture tests: GStreamer's (Debian's gir1.2-gst-rtsp-server-1.0).

Run with the system Python that has GStreamer's bindings:
    /usr/bin/python3 tests/rtsp_server.py RTSP_PORT UDP_PORT [DELAY_MS]
It serves ``rtsp://127.0.0.1:RTSP_PORT/cam``: the H.264 of a camera sending RTP to UDP_PORT, served
the way IP cameras serve it, to every client, over loopback only. Frames are stamped as they reach
the server (its RTCP sender reports say so) and, with DELAY_MS, sent that much later: a camera
whose encoder holds each picture for a while.
"""

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
rtsp_port, udp_port = sys.argv[1], sys.argv[2]
delay_ns = int(sys.argv[3]) * 1_000_000 if len(sys.argv) > 3 else 0
delay = (
    f"! queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 min-threshold-time={delay_ns} "
    if delay_ns
    else ""
)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(rtsp_port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( udpsrc address=127.0.0.1 port={udp_port} "
    'caps="application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96" '
    f"{delay}! rtph264depay ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.set_shared(True)


def stamp_sender_reports_at_capture(media: GstRtspServer.RTSPMedia) -> None:
    """RTCP sender reports tell when each frame was captured, as IP cameras' do (GStreamer's
    default is when it was sent)."""
    pipeline = media.get_element().get_parent()
    elements = pipeline.iterate_recurse()
    while True:
        result, element = elements.next()
        if result != Gst.IteratorResult.OK:
            return
        factory_of = element.get_factory()
        if factory_of is not None and factory_of.get_name() == "rtpbin":
            element.set_property("rtcp-sync-send-time", False)


factory.connect(
    "media-configure", lambda _, media: media.connect("prepared", stamp_sender_reports_at_capture)
)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
sys.stdout.write("ready\n")
sys.stdout.flush()
GLib.MainLoop().run()
