"""The observability and compliance web UI under /ui (server-rendered Jinja2 + vendored htmx/uPlot)."""
