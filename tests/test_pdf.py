"""Lindra's PDFs take nothing from the network: a picture or style sheet named by an http(s)
address is never fetched (text people wrote cannot make Lindra call out), while data: URLs,
which the annual report's charts are, are drawn."""

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lindra.core.pdf import pdf_from_html

# A 1×1 PNG.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def test_a_pdf_fetches_nothing_over_the_network_and_draws_data_urls():
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, *args):
            pass

    drawn = f'<img src="data:image/png;base64,{base64.b64encode(PIXEL).decode()}">'
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_port}"
        pdf = pdf_from_html(
            f'<html><head><link rel="stylesheet" href="{address}/style.css"></head><body>'
            f'<img src="{address}/pixel.png">{drawn}</body></html>'
        )
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF")
    assert asked == []
    # The data: picture is drawn, and nothing more: the same images as a page with it alone.
    alone = pdf_from_html(f"<html><body>{drawn}</body></html>")
    assert pdf.count(b"/Subtype /Image") == alone.count(b"/Subtype /Image") > 0
