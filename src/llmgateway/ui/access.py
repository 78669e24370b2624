"""Who is looking at the UI: sign-in with a viewer or admin API key, the session, CSRF, masking.

* ``/ui/login``: the key is checked against the key ring; a client key is refused (403), a viewer
  or admin key gets a session cookie (session.py) and the sign-in goes to the audit log.
* Every page resolves the session's key in the live key ring, so revoking the key or lowering its
  role ends the session within seconds. With ``auth.required: false`` (the local demo) the UI is
  open as the anonymous admin, as /api is.
* ``visible`` is the one function every page passes a trace or review through before showing it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from ..api.auth import ANONYMOUS
from ..components import Components
from ..errors import AuthenticationError
from ..pipeline import CallerKey
from ..store.audit import append_audit
from ..tracing.visibility import mask_restricted  # the one trace-masking function: the UI shows nothing unmasked
from .session import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Session, SessionSigner, login_token_ok, new_login_token
from .settings import UiSettings
from .web import Renderer

UI_ROLES = ("viewer", "admin")


@dataclass
class Viewer:
    key: CallerKey
    session: Session | None  # None when auth is disabled

    @property
    def name(self) -> str:
        return self.key.name or "anonymous"

    @property
    def can_decide(self) -> bool:
        return self.key.role == "admin"


def visible(record: dict, viewer: Viewer) -> dict:
    """A trace (or review) as this viewer may see it: restricted research masked unless the
    viewer's key holds its entitlement group (PII was masked before it was stored)."""
    return mask_restricted(record, viewer.key.entitlements, reader=viewer.key.name)


async def form_data(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (the only kind the UI's forms send)."""
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


class Access:
    def __init__(self, components: Components, settings: UiSettings, signer: SessionSigner, renderer: Renderer):
        self.components = components
        self.settings = settings
        self.signer = signer
        self.renderer = renderer

    @property
    def auth_required(self) -> bool:
        return self.components.settings.auth.required

    def viewer(self, request: Request) -> Viewer | None:
        if not self.auth_required:
            return Viewer(ANONYMOUS, None)
        session = self.signer.read(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return None
        key = self.components.keyring.by_name(session.key_name)
        if key is None or key.role not in UI_ROLES:
            return None
        return Viewer(key, session)

    def csrf_token(self, viewer: Viewer) -> str:
        return self.signer.csrf_token(viewer.session) if viewer.session else ""

    def csrf_ok(self, viewer: Viewer, token: str | None) -> bool:
        return viewer.session is None or self.signer.csrf_ok(viewer.session, token)

    def render(self, template: str, viewer: Viewer | None, status: int = 200, **context) -> Response:
        """A page with what every page needs: the viewer, the CSRF token of their session, the auth mode."""
        return self.renderer.page(
            template,
            status=status,
            viewer=viewer,
            csrf=self.csrf_token(viewer) if viewer else "",
            auth_required=self.auth_required,
            **context,
        )

    def to_login(self, request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/ui/login?next={_local(target)}", status_code=303)

    def forbidden(self, viewer: Viewer | None, message: str) -> Response:
        return self.renderer.page("error.html", status=403, viewer=viewer, title="Not allowed", message=message)

    # -- sign-in / sign-out ---------------------------------------------------------------
    def login_page(self, request: Request, error: str | None = None, status: int = 200) -> Response:
        token = new_login_token()
        response = self.renderer.page(
            "login.html",
            status=status,
            viewer=None,
            error=error,
            csrf=token,
            next=_local(request.query_params.get("next") or "/ui/traces"),
        )
        self._set_cookie(response, LOGIN_CSRF_COOKIE, token, max_age=600)
        return response

    async def login(self, request: Request) -> Response:
        form = await form_data(request)
        request.scope["query_string"] = f"next={_local(form.get('next', '/ui/traces'))}".encode()
        if not login_token_ok(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf")):
            return self.login_page(request, "The sign-in form expired; please try again.", status=400)
        try:
            key = await self.components.keyring.authenticate(f"Bearer {form.get('api_key', '').strip()}")
        except AuthenticationError:
            return self.login_page(request, "Unknown or revoked API key.", status=401)
        if key.role not in UI_ROLES:
            return self.login_page(
                request,
                f"Key '{key.name}' has role '{key.role}'. The UI needs a viewer or admin key "
                "(llmgateway keys create --role viewer).",
                status=403,
            )
        cookie, _session = self.signer.issue(key.name or "")
        await asyncio.to_thread(append_audit, self.components.store, "ui.sign_in", key.name, {"role": key.role})
        response = RedirectResponse(_local(form.get("next") or "/ui/traces"), status_code=303)
        self._set_cookie(response, SESSION_COOKIE, cookie, max_age=self.signer.lifetime_s)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui")
        return response

    async def logout(self, request: Request) -> Response:
        viewer = self.viewer(request)
        form = await form_data(request)
        if viewer is not None and not self.csrf_ok(viewer, form.get("csrf")):
            return self.forbidden(viewer, "The form's CSRF token is missing or wrong.")
        response = RedirectResponse("/ui/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/ui")
        return response

    def _set_cookie(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/ui",
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookie,
        )


def _local(target: str) -> str:
    """Only same-site paths under /ui as redirect targets (no open redirect)."""
    return target if target.startswith("/ui/") and not target.startswith("//") and "\\" not in target else "/ui/traces"
