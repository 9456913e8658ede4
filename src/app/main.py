"""The composition root: finds the modules, hands them the platform, builds the app.

A module is a package under app/modules with a `module.py` (see app.infra.modules);
adding one needs no edit here.
"""

import asyncio
import gc
import importlib
import pkgutil
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, nullcontext

import structlog
from fastapi import FastAPI
from sqlalchemy import MetaData
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app import modules as modules_package
from app.infra.access_log import AccessLog
from app.infra.config import Settings
from app.infra.docs import docs_router
from app.infra.error_handlers import install_error_handlers
from app.infra.events import schema as events_schema
from app.infra.events.relay import Relay
from app.infra.health import health_router
from app.infra.http_limits import BodyLimit
from app.infra.logging import configure_logging
from app.infra.metrics import install_metrics, metrics_listener
from app.infra.modules import Module, ModuleError, MongoCollection, Wiring
from app.infra.persistence import Database, UnsupportedDatabaseError
from app.infra.platform import Platform
from app.infra.routes import document
from app.infra.security_headers import install_browser_policy
from app.kernel.errors import UnavailableError

log = structlog.get_logger(__name__)


def _freeze_start_up_objects() -> None:
    """What start-up built lives as long as the process: the garbage collector stops
    scanning it at every collection (a tenth of a fast request's CPU otherwise). Once per
    process: a later app (tests build many) must not pin the garbage of earlier ones."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


_frozen = False


def discover_modules() -> tuple[Module, ...]:
    """Every module under app/modules, by name."""
    found = []
    for info in sorted(pkgutil.iter_modules(modules_package.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        try:
            wiring = importlib.import_module(f"app.modules.{info.name}.module")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.modules.{info.name}.module":
                raise
            raise ModuleError(f"app/modules/{info.name} has no module.py") from None
        module = getattr(wiring, "module", None)
        if not isinstance(module, Module) or module.name != info.name:
            raise ModuleError(
                f"app/modules/{info.name}/module.py must define `module = Module(...)`"
            )
        found.append(module)
    return tuple(found)


def sql_metadata(modules: Sequence[Module]) -> list[MetaData]:
    """Every table: the platform's (the event outbox) and each module's."""
    return [events_schema.metadata, *(m.sql_metadata for m in modules if m.sql_metadata)]


def mongo_collections(modules: Sequence[Module]) -> list[MongoCollection]:
    """Every MongoDB collection: the platform's and each module's."""
    return [*events_schema.COLLECTIONS, *(c for m in modules for c in m.mongo_collections)]


def open_database(settings: Settings) -> Database:
    """The database handle for DATABASE_URL. Nothing connects until it is used."""
    if settings.async_database_url.startswith("memory://"):
        from app.infra.memory import MemoryDatabase

        return MemoryDatabase()
    if settings.is_mongodb:
        # Imported here: a service on SQL never pays PyMongo's import time at start-up.
        from app.infra.mongo import open_mongo

        return open_mongo(settings)
    from app.infra.database import open_sql

    return open_sql(settings)


def wire_modules(platform: Platform, modules: Sequence[Module]) -> dict[str, Wiring]:
    """Wire every module; raise ModuleError naming the module that cannot run."""
    wirings = {}
    for module in modules:
        try:
            wirings[module.name] = module.wire(platform)
        except UnsupportedDatabaseError as exc:
            raise ModuleError(f"module {module.name!r} {exc} (DATABASE_URL)") from None
        platform.events.subscribe(wirings[module.name].subscriptions)
    platform.auth.check()
    platform.apis.check()
    return wirings


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    modules: Sequence[Module] | None = None,
) -> FastAPI:
    """Build the application. Nothing connects until the first request. Tests pass a
    `database` of their own (opened on a throwaway store)."""
    settings = settings or Settings()
    configure_logging(settings)
    if settings.sentry_dsn is not None:
        import sentry_sdk  # only when reporting is on: it patches the framework it finds

        sentry_sdk.init(
            dsn=settings.sentry_dsn.get_secret_value(),
            environment=settings.app_env.value,
            send_default_pii=False,
        )
    platform = Platform(settings, database or open_database(settings))
    wirings = wire_modules(platform, discover_modules() if modules is None else modules)
    checks = [platform.database.ping] + [c for w in wirings.values() for c in w.health_checks]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await platform.database.ping()
        except UnavailableError as exc:
            # Serve anyway: liveness stays green, readiness answers 503 until it recovers.
            log.error("database_unavailable_at_startup", error=str(exc.__cause__ or exc))
        _freeze_start_up_objects()
        stop = asyncio.Event()
        relay = Relay(platform.events, platform.clock, settings)
        relaying = asyncio.create_task(relay.run(stop)) if settings.events_relay else None
        port = settings.metrics_port
        with metrics_listener(registry, settings.host, port) if port else nullcontext():
            yield
        stop.set()
        if relaying is not None:
            await relaying
        for wiring in wirings.values():
            for close in wiring.close:
                await close()
        await platform.rate_limits.limiter.close()
        await platform.database.close()

    docs = settings.show_docs
    app = FastAPI(
        title=settings.app_name,
        docs_url=None,  # app.infra.docs serves them, with pinned and hashed assets
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
        version="0.1.0",
        description="A FastAPI modular monolith in hexagonal architecture.",
        lifespan=lifespan,
        # FastAPI's own OpenTelemetry checks for providers on every request: off unless
        # asked for (TELEMETRY=true, with the OTEL_* variables of your collector).
        telemetry={
            "tracing": settings.telemetry,
            "metrics": settings.telemetry,
            "logs": settings.telemetry,
        },
    )
    app.state.platform = platform
    install_error_handlers(app)
    # Innermost: its refusals go through the error handlers, metrics and access log.
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        timeout_seconds=settings.body_timeout_seconds,
    )
    registry = install_metrics(app, on_app_port=settings.metrics_port is None)
    if settings.access_log:
        app.add_middleware(AccessLog, json_lines=settings.json_logs)
    install_browser_policy(app, settings)
    if settings.trusted_proxies:
        # Outermost, so that every layer (access log, rate limits) sees the real client.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.include_router(health_router(checks, settings.ready_timeout_seconds))
    if docs:
        app.include_router(docs_router("/openapi.json", settings.app_name))
    for wiring in wirings.values():
        for router in wiring.routers:
            app.include_router(document(router))
    return app
