"""Prompt registry: immutable versions, labels, the lock file, canary splits and shadow challengers.

See docs/prompts.md. The capability registers through ``llmgateway.prompts.plugin``.
"""
