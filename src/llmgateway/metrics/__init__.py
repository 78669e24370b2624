"""Prometheus metrics at GET /metrics (prometheus-client), counted off the request path."""
