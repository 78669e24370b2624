"""Query and path parameters read by hand, with errors naming the parameter and the allowed range.

``str.isdigit`` is not a test for an integer: it is true for "①" and "²", which ``int`` refuses,
and an unbounded integer overflows the database's. Every integer parameter goes through here.
"""

from __future__ import annotations

from ..errors import InvalidRequest


def int_param(value: str, name: str, low: int, high: int) -> int:
    """``value`` as an integer in ``[low, high]``, else a 400 naming the parameter and the range."""
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise InvalidRequest(
            f"'{name}' is {value[:40]!r}; allowed: an integer from {low} to {high}", param=name, code="invalid_value"
        )
    return int(value)


def optional_int_param(value: str | None, name: str, low: int, high: int) -> int | None:
    """``int_param`` for a parameter that may be left out (``None`` or empty)."""
    return int_param(value, name, low, high) if value else None
