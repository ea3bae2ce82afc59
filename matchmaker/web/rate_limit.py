"""One rate limiter for every door that can be hammered: registration, login, link re-sends, the API.

Rules match a request by endpoint (or blueprint) and method, and count per client address or per API
credential over a moving window. Counters live in memory by default, or in Redis when
``MATCHMAKER_REDIS_URL`` is set, so a limit holds across all gunicorn workers and machines.
Credentials are hashed before they become counter keys: no token ever lands in Redis.

``app.config["RATE_LIMITS"]`` may override a rule's limit by name (``{"api": "100/minute"}``) and
``app.config["RATE_LIMITS_ENABLED"] = False`` turns limiting off (load tests on one address).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from limits import RateLimitItem, parse, storage, strategies
from werkzeug.exceptions import TooManyRequests

_EXTENSION = "matchmaker.rate_limit"
log = logging.getLogger(__name__)


def client_address() -> str:
    return f"ip:{request.remote_addr or 'unknown'}"


def api_credential() -> str:
    """The API's caller: its bearer credential when it sent one, otherwise its address."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return f"bearer:{secret.strip()}" if scheme.lower() == "bearer" and secret.strip() else client_address()


@dataclass(frozen=True)
class Rule:
    name: str
    limit: str
    methods: frozenset[str]
    endpoints: frozenset[str] = frozenset()
    blueprint: str | None = None
    identity: Callable[[], str] = client_address

    def applies(self) -> bool:
        if request.method not in self.methods:
            return False
        return request.endpoint in self.endpoints or (
            self.blueprint is not None and request.blueprint == self.blueprint
        )


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EVERY_METHOD = WRITES | {"GET", "HEAD"}

# Per address, generous enough for a fair's shared Wi-Fi (hundreds of people behind one address);
# the per-e-mail link-mail limit in the database is the hard stop against mail bombing.
RULES: tuple[Rule, ...] = (
    Rule("registration", "60/minute", WRITES, frozenset({"attendee.register_page", "api.register_attendee"})),
    Rule("login", "20/minute", WRITES, frozenset({"organiser.login"})),
    Rule("link_resend", "10/hour", WRITES, frozenset({"attendee.lost_link", "api.resend_link"})),
    Rule("api", "1200/minute", EVERY_METHOD, blueprint="api", identity=api_credential),
)


# After Redis failed, counters stay in this process for this long before Redis is tried again: a Redis
# that is down must not cost every request a connection attempt.
REDIS_RETRY_SECONDS = 30.0


@dataclass
class RateLimiter:
    limiter: strategies.RateLimiter
    limits: dict[str, RateLimitItem] = field(default_factory=dict)
    enabled: bool = True
    # Counts in this process while the shared storage (Redis) is unreachable: limits per worker, not
    # per cluster, but every request still gets an answer instead of a 500.
    fallback: strategies.RateLimiter = field(
        default_factory=lambda: strategies.MovingWindowRateLimiter(storage.MemoryStorage())
    )
    shared_down_until: float = 0.0

    def check(self) -> tuple[Rule, int] | None:
        """The first rule this request breaks and the seconds until it may retry, or None (and count it)."""
        if not self.enabled:
            return None
        for rule in RULES:
            if not rule.applies():
                continue
            item = self.limits[rule.name]
            key = hashlib.sha256(rule.identity().encode("utf-8", "surrogatepass")).hexdigest()[:32]
            allowed, limiter = self._hit(item, rule.name, key)
            if not allowed:
                reset = limiter.get_window_stats(item, rule.name, key).reset_time
                return rule, max(1, int(reset - time.time()) + 1)
        return None

    def _hit(self, item: RateLimitItem, name: str, key: str) -> tuple[bool, strategies.RateLimiter]:
        if time.monotonic() >= self.shared_down_until:
            try:
                allowed = self.limiter.hit(item, name, key)
            except Exception as exc:  # the storage's own errors (redis-py's ConnectionError, timeouts)
                if not self.shared_down_until:  # once per outage, not once per request
                    log.warning(
                        "rate limits: the shared counter storage is unreachable (%s); counting "
                        "in this process until it is back",
                        type(exc).__name__,
                    )
                self.shared_down_until = time.monotonic() + REDIS_RETRY_SECONDS
            else:
                if self.shared_down_until:
                    log.warning("rate limits: the shared counter storage is back")
                    self.shared_down_until = 0.0
                return allowed, self.limiter
        return self.fallback.hit(item, name, key), self.fallback


def _storage_for(redis_url: str) -> storage.Storage:
    if not redis_url:
        return storage.MemoryStorage()
    # Short timeouts: a Redis host that does not answer must not hold requests for long.
    backend = storage.storage_from_string(redis_url, socket_connect_timeout=1, socket_timeout=2)
    assert isinstance(backend, storage.Storage)  # a redis:// URL gives the synchronous storage
    return backend


def _refuse(rule: Rule, retry_after: int) -> Response:
    if request.path.startswith("/api/"):
        response = jsonify(
            code="rate_limited",
            message=f"too many requests ({rule.name} limit "
            f"{current_app.extensions[_EXTENSION].limits[rule.name]}); retry later",
        )
        response.status_code = 429
        response.headers["Retry-After"] = str(retry_after)
        return response
    raise TooManyRequests(retry_after=retry_after)


def init_app(app: Flask) -> RateLimiter:
    """Install the limiter once per app (safe to call from several blueprints)."""
    if _EXTENSION in app.extensions:
        existing: RateLimiter = app.extensions[_EXTENSION]
        return existing
    overrides: dict[str, str] = app.config.get("RATE_LIMITS", {})
    settings: Any = app.config.get("MATCHMAKER")
    backend = _storage_for(getattr(settings, "redis_url", "") or "")
    limiter = RateLimiter(
        strategies.MovingWindowRateLimiter(backend),
        {rule.name: parse(overrides.get(rule.name, rule.limit)) for rule in RULES},
        enabled=bool(app.config.get("RATE_LIMITS_ENABLED", True)),
    )
    app.extensions[_EXTENSION] = limiter

    @app.before_request
    def enforce_rate_limits() -> Response | None:
        broken = current_app.extensions[_EXTENSION].check()
        return _refuse(*broken) if broken is not None else None

    return limiter


def rate_limiter(app: Flask | None = None) -> RateLimiter:
    limiter: RateLimiter = (app or current_app).extensions[_EXTENSION]
    return limiter
