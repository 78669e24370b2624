"""OpenTelemetry: one TracerProvider per gateway, layered on the SDK rather than re-implemented.

* One server span per request (``POST /v1/chat/completions``), a child span per stage, and the
  upstream call as a GenAI span (``chat {model}`` with ``gen_ai.*`` attributes).
* OTLP/HTTP export only when ``telemetry.otlp_endpoint`` (or ``$OTEL_EXPORTER_OTLP_ENDPOINT``) is set;
  otherwise spans are created (they carry the ``x-trace-id``) and go nowhere.
* Exporter faults are logged by the SDK's batch processor thread and never reach a request.
  Tests inject an ``InMemorySpanExporter`` through ``create_app(..., span_exporter=...)``.
"""

from __future__ import annotations

import logging
import secrets

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON

from ..config import Settings

log = logging.getLogger("llmgateway.tracing")


def make_tracer_provider(settings: Settings, span_exporter: SpanExporter | None = None) -> TracerProvider:
    """With nowhere to send spans, sampling is off: spans are then non-recording (a tenth of the
    cost of a recorded span) but still carry a real trace id for ``x-trace-id`` and the store."""
    endpoint = settings.telemetry.otlp_endpoint  # or $OTEL_EXPORTER_OTLP_ENDPOINT, read by load_settings
    exporting = bool(endpoint) or span_exporter is not None
    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.telemetry.service_name}),
        sampler=ALWAYS_ON if exporting else ALWAYS_OFF,
    )
    if endpoint:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            traces_endpoint = endpoint.rstrip("/")
            if not traces_endpoint.endswith("/v1/traces"):
                traces_endpoint += "/v1/traces"
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces_endpoint)))
            log.info("exporting OpenTelemetry spans to %s", traces_endpoint)
        except Exception as exc:  # a telemetry fault must never stop the gateway
            log.error("OTLP exporter could not be set up (%s); spans are not exported", exc)
    if span_exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(span_exporter))
    return provider


def new_trace_id() -> str:
    """A trace id for a request that has no span (an error outside the traced endpoints), in the
    same form as ``x-trace-id`` so logs and callers quote one kind of id."""
    return secrets.token_hex(16)


def trace_id_hex(span: trace.Span) -> str:
    return format(span.get_span_context().trace_id, "032x")


def set_attributes(span: trace.Span, attributes: dict) -> None:
    """Set only non-None attributes; OTel rejects None."""
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = [v for v in value if v is not None]
        span.set_attribute(key, value)
