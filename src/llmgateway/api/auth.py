"""Who is calling: the API key (or the anonymous demo caller when auth is disabled)."""

from __future__ import annotations

from fastapi import Request

from ..components import Components
from ..errors import PermissionDenied
from ..pipeline import CallerKey

ANONYMOUS = CallerKey(name=None, role="admin", routes=None, entitlements=[])


async def caller(request: Request, components: Components) -> CallerKey:
    if not components.settings.auth.required:
        return ANONYMOUS
    return await components.keyring.authenticate(request.headers.get("authorization"))


def may_call(key: CallerKey, route: str) -> bool:
    """Roles grant endpoints, never routes: a client key without ``--routes`` may call every route;
    a viewer or admin key only the routes it was created with (none without ``--routes``)."""
    if key.name is None:  # auth disabled: the local demo
        return True
    if key.routes is None:
        return key.role == "client"
    return route in key.routes


async def require_role(request: Request, components: Components, *roles: str) -> CallerKey:
    """For /api/*: viewer or admin keys (any caller when auth is disabled)."""
    key = await caller(request, components)
    if key.name is not None and key.role not in roles:
        raise PermissionDenied(
            f"key '{key.name}' has role '{key.role}'; this needs one of: {', '.join(roles)}", code="insufficient_role"
        )
    return key
