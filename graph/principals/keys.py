"""API keys: random, shown once, stored as a hash, acting for a user, revocable."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from graph.audit import Change, write_audited
from graph.cypher import Queries
from graph.database import Database, as_datetime
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.principals.model import (
    KEY_PREFIX,
    ApiKey,
    KeyPrincipal,
    NewApiKey,
    parse_permissions,
    parse_roles,
)
from graph.text import clean_name, name_errors
from graph.viewer import Viewer

query = Queries("principals")
SECRET_BYTES = 32  # 256 bits from `secrets`: a plain SHA-256 of it cannot be searched back


def hash_key(key: str) -> str:
    """The stored form of a key: its SHA-256, hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_like_key(credential: str) -> bool:
    """Whether a bearer credential is one of our API keys (else it may be a JWT)."""
    return credential.startswith(KEY_PREFIX)


async def create_api_key(
    db: Database,
    viewer: Viewer,
    *,
    user_id: str,
    name: str,
    expires_at: datetime | None = None,
) -> NewApiKey:
    """A new key acting for the user; the key in clear is returned this once, never stored."""
    errors = name_errors(name, ("name",))
    if expires_at is not None and expires_at <= datetime.now(UTC):
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, "expiresAt must be in the future", ("expiresAt",))
        )
    if errors:
        raise UserInputError(errors)
    key_id = f"key-{uuid.uuid4().hex[:12]}"
    prefix = f"{KEY_PREFIX}{key_id[4:12]}"
    secret = f"{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    rows = await write_audited(
        db,
        viewer,
        query("create_api_key"),
        change=Change("CREATE_API_KEY", "ApiKey", key_id, f"for user {user_id}"),
        id=key_id,
        name=clean_name(name),
        prefix=prefix,
        hash=hash_key(secret),
        expiresAt=expires_at,
        userId=user_id,
        by=viewer.user,
    )
    if not rows:
        raise NotFound("user", user_id, ("userId",))
    return NewApiKey(key=_key(rows[0]), secret=secret)


async def revoke_api_key(db: Database, viewer: Viewer, *, key_id: str) -> ApiKey:
    """Revoke a key (idempotent); it stops working at once in this process and within the key
    cache's lifetime in the others."""
    rows = await write_audited(
        db,
        viewer,
        query("revoke_api_key"),
        change=Change("REVOKE_API_KEY", "ApiKey", key_id),
        id=key_id,
    )
    if not rows:
        raise NotFound("API key", key_id, ("id",))
    return _key(rows[0])


async def find_api_keys(db: Database, *, user_id: str | None = None) -> list[ApiKey]:
    """API keys (of one user, or all), newest first; never their hash."""
    rows = await db.read(query("find_api_keys"), userId=user_id)
    return [_key(row) for row in rows]


async def find_principal_by_key(db: Database, *, key: str) -> KeyPrincipal | None:
    """Who holds this key (revoked or expired ones too: the caller checks), or None."""
    rows = await db.read(query("find_principal_by_key_hash"), hash=hash_key(key))
    if not rows:
        return None
    row = rows[0]
    return KeyPrincipal(
        key_id=row["keyId"],
        user_id=row["userId"],
        roles=parse_roles(row["roles"]),
        permissions=parse_permissions(row["permissions"]),
        department_ids=frozenset(row["departmentIds"]),
        visible_category_ids=frozenset(row["visibleIds"]),
        taggable_category_ids=frozenset(row["taggableIds"]),
        expires_at=as_datetime(row["expiresAt"]),
        revoked_at=as_datetime(row["revokedAt"]),
    )


def _key(row: dict[str, Any]) -> ApiKey:
    key = row["key"]
    return ApiKey(
        id=key["id"],
        name=key["name"],
        prefix=key["prefix"],
        user_id=row["userId"],
        created_at=as_datetime(key.get("createdAt")),
        expires_at=as_datetime(key.get("expiresAt")),
        revoked_at=as_datetime(key.get("revokedAt")),
    )
