"""llmgateway: an OpenAI-compatible LLMOps gateway for financial services."""

from . import telemetry_off  # noqa: F401  (must run before any third-party import)

__version__ = "0.1.0"
