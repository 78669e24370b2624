"""Helpers shared by every ``llmgateway`` sub-command: errors become one line and exit code 1."""

from __future__ import annotations

import asyncio
import functools

import typer

from .errors import ConfigError, GatewayError


def fail_on_errors(fn):
    """Turn ConfigError/GatewayError into ``error: …`` on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (ConfigError, GatewayError) as exc:
            # the operator runs the CLI: GatewayError's operator-only detail (paths, addresses) included
            typer.echo(f"error: {getattr(exc, 'operator_text', None) or exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper


async def cancel_task(task: asyncio.Task | None) -> None:
    """Cancel a background task and wait until it has stopped."""
    if task is None:
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
