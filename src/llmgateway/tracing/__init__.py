"""OpenTelemetry setup and the span helpers used on the request path."""
