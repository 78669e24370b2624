"""Evaluation-store scoring: factuality against the sources, embedding drift, alerts (plugin.py)."""
