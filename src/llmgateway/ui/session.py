"""Signed session cookies and CSRF tokens for the web UI (standard library HMAC, no server state).

A session cookie is ``base64url(json {"k": key name, "exp": epoch s, "n": nonce}) "." base64url(hmac)``
signed with HMAC-SHA256. It names the key, never holds the key itself; the role and entitlements
are looked up in the live key ring on every request, so a revoked key or a changed role takes
effect within the key ring's refresh (~2 s). The cookie is HttpOnly, SameSite=Strict, Path=/ui and
expires after ``ui.session_minutes``.

A form's CSRF token is ``hmac(secret, "csrf:" + nonce)`` of the session it belongs to; the sign-in
form (no session yet) uses a double-submit token: a random cookie repeated in the form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

SESSION_COOKIE = "lgw_session"
LOGIN_CSRF_COOKIE = "lgw_login_csrf"


def load_secret(path: Path) -> bytes:
    """The HMAC key: read from ``path``, created there (mode 0600) on first use."""
    if path.exists():
        secret = path.read_bytes().strip()
        if len(secret) >= 32:
            return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
    return secret


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Session:
    key_name: str
    expires: int
    nonce: str


class SessionSigner:
    def __init__(self, secret: bytes, lifetime_s: int):
        self.secret = secret
        self.lifetime_s = lifetime_s

    def _mac(self, message: bytes) -> bytes:
        return hmac.new(self.secret, message, hashlib.sha256).digest()

    def issue(self, key_name: str) -> tuple[str, Session]:
        session = Session(key_name, int(time.time()) + self.lifetime_s, secrets.token_urlsafe(16))
        body = orjson.dumps({"k": session.key_name, "exp": session.expires, "n": session.nonce})
        return f"{_b64(body)}.{_b64(self._mac(body))}", session

    def read(self, cookie: str | None) -> Session | None:
        """The session a cookie holds; None if absent, forged, malformed or expired."""
        if not cookie or "." not in cookie:
            return None
        body_b64, _, mac_b64 = cookie.partition(".")
        try:
            body, mac = _unb64(body_b64), _unb64(mac_b64)
        except ValueError:
            return None
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            data = orjson.loads(body)
            session = Session(str(data["k"]), int(data["exp"]), str(data["n"]))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return None
        return session if session.expires > time.time() else None

    def csrf_token(self, session: Session) -> str:
        return _b64(self._mac(b"csrf:" + session.nonce.encode()))

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token, self.csrf_token(session))


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def login_token_ok(cookie: str | None, form_value: str | None) -> bool:
    if not cookie or not form_value:
        return False
    return hmac.compare_digest(cookie, form_value)
