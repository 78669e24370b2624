"""Compliance guardrails: YAML policies (policies/*.yaml) enforced on input, output and streams.

Modules: ``schema`` (what a policy file may say), ``loader`` (folder → PolicySet + hash),
``context`` (negation / hedging / attribution), ``pii`` (checksummed PII detectors), ``rules``
(compiled rules), ``validators`` (guardrails-ai validators + AsyncGuard), ``stage`` and
``streaming`` (the pipeline stage), ``runtime``/``watcher`` (live set, hot reload), ``reviews``,
``api``, ``cli``, ``plugin``.
"""
