"""OTLP export when configured; a broken collector never fails a request."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from ..conftest import stub_config
from ..stub_upstream import free_port


class Collector:
    def __init__(self):
        self.requests: list[ExportTraceServiceRequest] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                msg = ExportTraceServiceRequest()
                msg.ParseFromString(body)
                collector.requests.append((self.path, msg))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def span_names(self) -> dict[str, str]:
        names = {}
        for _path, msg in self.requests:
            for rs in msg.resource_spans:
                for ss in rs.scope_spans:
                    for span in ss.spans:
                        names[span.name] = span.trace_id.hex()
        return names


def test_spans_are_exported_over_otlp_when_configured(gateway, stub_upstream):
    collector = Collector()
    gw = gateway(stub_config(stub_upstream, telemetry={"otlp_endpoint": collector.url}))
    raw = gw.client.chat.completions.with_raw_response.create(model="chat", messages=[{"role": "user", "content": "x"}])
    gw.stop()  # shutdown flushes the batch processor
    names = collector.span_names()
    assert collector.requests and collector.requests[0][0] == "/v1/traces"
    assert names["POST /v1/chat/completions"] == raw.headers["x-trace-id"]
    assert names["chat stub"] == raw.headers["x-trace-id"]
    collector.server.shutdown()


def test_unreachable_collector_never_fails_a_request(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream, telemetry={"otlp_endpoint": f"http://127.0.0.1:{free_port()}"}))
    for _ in range(3):
        assert gw.client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}]).choices
