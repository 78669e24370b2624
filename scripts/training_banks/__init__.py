"""Hand-written sentence banks behind policies/training/*.yaml (see scripts/make_guardrail_training.py).

Each bank module defines ``RULES``: rule id -> (violations, near_misses), two lists of the same
length where near_misses[i] is the compliant sentence closest in topic and wording to
violations[i]. Placeholders: {p} a product, {co} a company, {n} a percentage, {yr} a horizon.
"""
