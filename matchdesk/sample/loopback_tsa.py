"""A timestamp authority (RFC 3161 over HTTP) on a loopback port, answering with the test CA's TSA
certificate: for trying out and testing timestamped signatures on a machine with no internet. It
signs with pyHanko's own TSA signer; never for real documents."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import tsp
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore


class LoopbackTSA:
    """Serves on ``url`` from ``start()`` until ``stop()``."""

    def __init__(self, cert: Path, key: Path, root: Path) -> None:
        self.stamper = DummyTimeStamper(
            tsa_cert=load_cert_from_pemder(str(cert)),  # type: ignore[no-untyped-call]
            tsa_key=load_private_key_from_pemder(str(key), passphrase=None),
            certs_to_embed=SimpleCertificateStore.from_certs([load_cert_from_pemder(str(root))]),  # type: ignore[no-untyped-call]
        )
        stamper = self.stamper

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_: object) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def start(self) -> LoopbackTSA:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
