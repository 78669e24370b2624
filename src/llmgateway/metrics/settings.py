"""The ``metrics:`` section of gateway.yaml: who may scrape ``GET /metrics``.

gateway.yaml::

    metrics:                       # all optional
      enabled: true                # serve GET /metrics
      bearer_token_file: null      # a file holding the token Prometheus sends as "Authorization: Bearer …"
      public: false                # true: no credential at all (only behind a network boundary you trust)

With ``auth.required`` (the default) a scrape must present either the token in
``bearer_token_file`` or a viewer or admin API key as a bearer token; a client key is refused.
The counts are labelled with route, key and rule names, which a bank treats as internal. With
``auth.required: false`` (the local demo) ``/metrics`` is open, as ``/api`` is.
"""

from __future__ import annotations

from ..strict import StrictModel

MIN_TOKEN_CHARS = 24


class MetricsSettings(StrictModel):
    enabled: bool = True
    bearer_token_file: str | None = None
    public: bool = False
