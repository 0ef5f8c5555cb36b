"""Serve a built site on 127.0.0.1 with gzip, the way a static host serves it.

    python bench/serve.py site [--port 8000]

Text files (HTML, CSS, JavaScript, JSON, SVG, XML) go out gzip-compressed (level 6, as common
hosts do) to clients that accept it; everything else as is. Used by the benchmark for Lighthouse.
"""

from __future__ import annotations

import argparse
import gzip
import io
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class GzipHandler(SimpleHTTPRequestHandler):
    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        # Folders without their trailing slash get the base class's redirect.
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and kind.startswith(COMPRESSIBLE)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the benchmark prints its own table."""


def start(directory: Path, port: int = 0) -> ThreadingHTTPServer:
    """Serve `directory` from a background thread; `server.server_address[1]` is the port."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(GzipHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = start(args.directory, args.port)
    print(f"serving {args.directory} on http://127.0.0.1:{server.server_address[1]}/ (gzip)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
