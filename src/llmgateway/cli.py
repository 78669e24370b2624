"""The ``llmgateway`` command: serve, keys, and each capability's commands (plugins.py).

Errors are turned into one readable line and exit code 2 here, at the edge, and nowhere else.
"""

from __future__ import annotations

import logging
import sys

import typer

from .errors import ConfigError

app = typer.Typer(
    help="llmgateway: an OpenAI-compatible LLMOps gateway for financial services.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

ConfigOption = typer.Option(None, "--config", "-c", help="gateway.yaml (default: $LLMGATEWAY_CONFIG, ./gateway.yaml)")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def settings_or_exit(config: str | None, overrides: dict | None = None):
    from .config import load_settings

    try:
        return load_settings(config, overrides=overrides)
    except ConfigError as exc:
        fail(str(exc))


def store_for(config: str | None):
    from .store.db import EvaluationStore

    settings = settings_or_exit(config)
    return EvaluationStore(settings.store_url)


@app.command()
def serve(
    config: str | None = ConfigOption,
    host: str | None = typer.Option(None, help="bind address (default 127.0.0.1)"),
    port: int | None = typer.Option(None, help="port (default 8000)"),
    log_level: str = typer.Option("info", help="debug | info | warning | error"),
):
    """Run the gateway (and the local model server when local_model.enabled). SIGTERM drains it."""
    from .app import create_app

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    server = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings_or_exit(config, {"server": server} if server else None)
    try:
        application = create_app(settings)
    except ConfigError as exc:
        fail(f"refusing to start: {exc}")
    from .server import DrainingServer, uvicorn_config

    server_config = uvicorn_config(application, settings.server.host, settings.server.port, log_level=log_level)
    DrainingServer(server_config, application.state.components, settings.fleet.drain_delay_s).run()


@keys_app.command("create")
def keys_create(
    name: str = typer.Option(..., "--name", help="a unique name for the key"),
    routes: str | None = typer.Option(None, help="comma-separated routes this key may call (default: all)"),
    role: str = typer.Option("client", help="client | viewer | admin"),
    rpm: int | None = typer.Option(None, help="requests per minute"),
    token_budget: int | None = typer.Option(None, "--token-budget", help="total tokens allowed"),
    entitlement: list[str] = typer.Option([], "--entitlement", help="research entitlement group (repeatable)"),
    allow_prompt_override: bool = typer.Option(
        False, "--allow-prompt-override", help="may choose a prompt version per request"
    ),
    config: str | None = ConfigOption,
):
    """Create a key and print it once (only its hash is stored)."""
    from .store.keys import create_key

    route_list = [r.strip() for r in routes.split(",") if r.strip()] if routes else None
    settings = settings_or_exit(config)
    known = {r.name for r in settings.routes}
    unknown = [r for r in route_list or [] if r not in known]
    if unknown:
        fail(f"--routes: unknown route(s) {', '.join(unknown)}; allowed: {', '.join(sorted(known)) or '(none)'}")
    from .store.db import EvaluationStore

    try:
        key = create_key(
            EvaluationStore(settings.store_url),
            name,
            role=role,
            routes=route_list,
            rpm=rpm,
            token_budget=token_budget,
            entitlements=entitlement,
            allow_prompt_override=allow_prompt_override,
        )
    except ConfigError as exc:
        fail(str(exc))
    typer.echo(key)
    typer.echo(f"# key '{name}' ({role}) created; it is shown only now — store it safely.", err=True)


@keys_app.command("list")
def keys_list(config: str | None = ConfigOption):
    """List keys (never the keys themselves)."""
    from .store.keys import list_keys

    rows = list_keys(store_for(config))
    typer.echo(
        f"{'NAME':20} {'PREFIX':12} {'ROLE':7} {'ROUTES':20} {'RPM':>5} {'TOKENS':>17} {'ENTITLEMENTS':16} STATUS"
    )
    for r in rows:
        budget = f"{r.tokens_used}/{r.token_budget}" if r.token_budget else str(r.tokens_used)
        typer.echo(
            f"{r.name:20} {r.key_prefix + '…':12} {r.role:7} {','.join(r.routes or ['*']):20} "
            f"{r.rpm or '-':>5} {budget:>17} {','.join(r.entitlements or []) or '-':16} "
            f"{'revoked' if r.revoked_at else 'active'}"
        )


@keys_app.command("revoke")
def keys_revoke(name: str = typer.Argument(..., help="the key's name"), config: str | None = ConfigOption):
    """Revoke a key; the gateway refuses it within a few seconds."""
    from .store.keys import revoke_key

    if not revoke_key(store_for(config), name):
        fail(f"no active key named '{name}'")
    typer.echo(f"revoked key '{name}'")


def _register_plugin_commands() -> None:
    from .plugins import load_plugins

    for plugin in load_plugins():
        for name, group in plugin.cli() if plugin.cli else []:
            app.add_typer(group, name=name)


_register_plugin_commands()


def main() -> None:
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
