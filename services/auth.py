"""Sign-in: who holds a bearer credential (an API key or a JWT), as a Viewer.

API key lookups are cached per process for `key_cache_seconds`; a key revoked through this
process is forgotten at once, and expiry is checked on every request."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from cachetools import LRUCache, TTLCache

from graph.database import Database
from graph.errors import GraphUnavailable
from graph.principals import directory, keys
from graph.principals.model import KeyPrincipal, parse_roles, viewer_for
from graph.viewer import Viewer
from settings import Settings

log = logging.getLogger("api.auth")
MAX_CACHED = 10_000


class UnsafeBindError(RuntimeError):
    """The API would listen beyond loopback with authentication off."""


def refuse_unsafe_bind(settings: Settings) -> None:
    """Refuse to serve anything but loopback without authentication."""
    if settings.auth or is_loopback(settings.api_host):
        return
    raise UnsafeBindError(
        f"refusing to bind the API to {settings.api_host!r} with TAGGRAPH_AUTH=false: "
        "authentication may be off only on loopback (127.0.0.1, ::1, localhost)"
    )


def is_loopback(host: str) -> bool:
    """Whether a bind address is the loopback interface (localhost, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Authenticator:
    """Turns the `Authorization` header of a request into its Viewer, or None when refused."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        ttl = max(settings.key_cache_seconds, 0.001)
        self._keys: TTLCache[str, KeyPrincipal | None] = TTLCache(MAX_CACHED, ttl)
        self._grants: TTLCache[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = TTLCache(
            MAX_CACHED, ttl
        )
        # The last lookup of each key and department set, used only while Neo4j is away: no
        # revocation or grant change can be committed then, and expiry is still checked, so
        # answers from the index keep flowing to callers already known (instead of all 503).
        self._known_keys: LRUCache[str, tuple[KeyPrincipal, float]] = LRUCache(MAX_CACHED)
        self._known_grants: LRUCache[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = (
            LRUCache(MAX_CACHED)
        )
        self._jwks = _jwks_source(settings)

    async def viewer(self, authorization: str | None) -> Viewer | None:
        """The viewer this header authenticates, or None (logged with the reason only)."""
        if not self.settings.auth:
            return Viewer.full_access(user="local")
        scheme, _, credential = (authorization or "").partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            return _refused("no bearer credential")
        if keys.looks_like_key(credential):
            return await self._key_viewer(credential)
        return await self._jwt_viewer(credential)

    def forget_key(self, key_id: str) -> None:
        """Drop a key from this process's cache (after revoking it)."""
        for hashed, principal in list(self._keys.items()):
            if principal is not None and principal.key_id == key_id:
                self._keys.pop(hashed, None)
        for hashed, (known, _) in list(self._known_keys.items()):
            if known.key_id == key_id:
                self._known_keys.pop(hashed, None)

    async def _key_viewer(self, key: str) -> Viewer | None:
        hashed = keys.hash_key(key)
        if hashed in self._keys:
            principal = self._keys[hashed]
        else:
            try:
                principal = await keys.find_principal_by_key(self.db, key=key)
            except GraphUnavailable:
                principal = self._known_during_outage(hashed)
            else:
                self._keys[hashed] = principal
                if principal is not None:  # random keys never push real ones out
                    self._known_keys[hashed] = (principal, time.monotonic())
        if principal is None:
            return _refused("unknown API key")
        if not principal.usable_at(datetime.now(UTC)):
            return _refused("revoked or expired API key")
        return viewer_for(
            principal.user_id,
            principal.roles,
            granted=principal.permissions,
            departments=principal.department_ids,
            grants=(principal.visible_category_ids, principal.taggable_category_ids),
        )

    def _known_during_outage(self, hashed: str) -> KeyPrincipal:
        """The last lookup of a key, if recent enough, while Neo4j is away (else re-raise):
        a revocation committed elsewhere since then stays unseen for at most the grace."""
        known = self._known_keys.get(hashed)
        if known is None or time.monotonic() - known[1] > self.settings.key_outage_grace_seconds:
            raise GraphUnavailable("key lookup")
        return known[0]

    async def _jwt_viewer(self, token: str) -> Viewer | None:
        if self._jwks is None:
            return _refused("a JWT, but no JWKS is configured")
        try:
            claims = await asyncio.to_thread(self._decode, token)
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            return _refused(f"invalid JWT ({type(error).__name__})")
        user = claims.get(self.settings.jwt_user_claim)
        departments = claims.get(self.settings.jwt_departments_claim) or []
        if not isinstance(user, str) or not user or not isinstance(departments, list):
            return _refused("JWT without a user or with malformed departments")
        department_ids = frozenset(str(d) for d in departments)
        return viewer_for(
            user[:200],
            parse_roles(claims.get(self.settings.jwt_roles_claim)),
            departments=department_ids,
            grants=await self._department_grants(department_ids),
        )

    def _decode(self, token: str) -> dict[str, Any]:
        # Runs in a worker thread: fetching a JWKS URL blocks (PyJWKClient caches the set).
        header = jwt.get_unverified_header(token)
        source = self._jwks
        if isinstance(source, jwt.PyJWKClient):
            key = source.get_signing_key_from_jwt(token)
        else:
            assert source is not None
            key = source[str(header.get("kid"))]
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=self.settings.jwt_algorithms,
            audience=self.settings.jwt_audience,
            issuer=self.settings.jwt_issuer,
            options={"require": ["exp", "iss", "aud"]},
        )
        return claims

    async def _department_grants(
        self, department_ids: frozenset[str]
    ) -> tuple[frozenset[str], frozenset[str]]:
        cache_key = tuple(sorted(department_ids))
        if cache_key not in self._grants:
            try:
                grants = await directory.find_department_grants(
                    self.db, department_ids=list(cache_key)
                )
            except GraphUnavailable:
                if cache_key not in self._known_grants:
                    raise
                return self._known_grants[cache_key]
            self._grants[cache_key] = self._known_grants[cache_key] = grants
        return self._grants[cache_key]


def _jwks_source(settings: Settings) -> jwt.PyJWKClient | jwt.PyJWKSet | None:
    location = settings.jwt_jwks
    if not location:
        return None
    if not settings.jwt_issuer or not settings.jwt_audience:
        raise ValueError("TAGGRAPH_JWT_JWKS needs TAGGRAPH_JWT_ISSUER and TAGGRAPH_JWT_AUDIENCE")
    if location.startswith(("https://", "http://")):
        return jwt.PyJWKClient(location, cache_keys=True, lifespan=300, timeout=5)
    return jwt.PyJWKSet.from_json(Path(location).read_text("utf-8"))


def _refused(reason: str) -> Viewer | None:
    # The reason only: never the credential, not even part of it.
    log.info("authentication refused: %s", reason)
    return None
