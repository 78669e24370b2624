"""Query and path parameters read by hand, with errors naming the parameter and the allowed range.

``str.isdigit`` is not a test for an integer: it is true for "①" and "²", which ``int`` refuses,
and an unbounded integer overflows the database's. Every integer parameter goes through here.
"""

from __future__ import annotations

from ..errors import InvalidRequest


def int_param(value: str | None, name: str, low: int, high: int, default: int | None = None) -> int | None:
    """``value`` as an integer in ``[low, high]``; ``default`` when absent; else a 400 naming it."""
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise InvalidRequest(
            f"'{name}' is {value[:40]!r}; allowed: an integer from {low} to {high}", param=name, code="invalid_value"
        )
    return int(value)
