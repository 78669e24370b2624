"""Nothing phones home: switch off the telemetry and network look-ups of the libraries we use.

Imported first by the package (``llmgateway/__init__.py``), before litellm, guardrails-ai, ragas,
chromadb or sentence-transformers are imported anywhere. Each setting only fills a value the
operator did not set. This is the one place that sets them: no other module touches these
variables (tests/core/test_imports.py checks it).
"""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE_ENV = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # litellm: no model price map download at import
    "LITELLM_TELEMETRY": "False",
    "RAGAS_DO_NOT_TRACK": "true",  # ragas usage analytics
    "ANONYMIZED_TELEMETRY": "False",  # chromadb posthog
    "HF_HUB_OFFLINE": "1",  # sentence-transformers / transformers: never a hub
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GUARDRAILS_DISABLE_METRICS": "true",
    "OTEL_SDK_DISABLED_FOR_GUARDRAILS": "true",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
}


def disable_telemetry() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    rc = Path.home() / ".guardrailsrc"  # guardrails-ai reads metrics consent from here
    if not rc.exists():
        try:
            rc.write_text("id=llmgateway\nenable_metrics=false\nuse_remote_inferencing=false\n")
        except OSError:
            pass


disable_telemetry()
