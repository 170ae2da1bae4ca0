"""A real RTSP server for the capture tests: GStreamer's (Debian's gir1.2-gst-rtsp-server-1.0).

Run with the system Python that has GStreamer's bindings:
    /usr/bin/python3 tests/rtsp_server.py RTSP_PORT UDP_PORT
It serves ``rtsp://127.0.0.1:RTSP_PORT/cam``: the H.264 of a camera sending RTP to UDP_PORT, served
the way IP cameras serve it, to every client, over loopback only.
"""

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
rtsp_port, udp_port = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(rtsp_port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( udpsrc address=127.0.0.1 port={udp_port} "
    'caps="application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96" '
    "! rtph264depay ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
sys.stdout.write("ready\n")
sys.stdout.flush()
GLib.MainLoop().run()
