"""The ``ui:`` section of gateway.yaml.

gateway.yaml::

    ui:                          # all optional
      enabled: true              # the pages under /ui
      session_minutes: 480       # a sign-in lasts this long (then sign in again)
      secret_file: null          # HMAC key for session cookies; default data/ui-session.key (created 0600)
      secure_cookie: false       # true behind HTTPS: the cookie is then sent over HTTPS only
      page_size: 50              # traces per page of the list
"""

from __future__ import annotations

from pydantic import Field

from ..strict import StrictModel


class UiSettings(StrictModel):
    enabled: bool = True
    session_minutes: int = Field(default=480, ge=1, le=7 * 24 * 60)
    secret_file: str | None = None
    secure_cookie: bool = False
    page_size: int = Field(default=50, ge=5, le=500)
