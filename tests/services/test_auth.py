"""The Authenticator: JWTs verified against issuer, audience, keys and expiry; API key caching."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from graph.database import Database
from graph.principals import keys
from graph.viewer import Permission, Role, Viewer
from services.auth import Authenticator
from settings import Settings
from tests.factories import make_api_key, make_category, make_department

ISSUER = "https://idp.example.test/"
AUDIENCE = "taggraph"
KID = "test-key-1"


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    """The identity provider's key."""
    return _private_key()


@pytest.fixture
def jwt_settings(settings: Settings, tmp_path: Path, signing_key: rsa.RSAPrivateKey) -> Settings:
    """Settings that trust the test identity provider's JWKS file."""
    jwk = json.loads(RSAAlgorithm.to_jwk(signing_key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk | {"kid": KID, "use": "sig", "alg": "RS256"}]}))
    return settings.model_copy(
        update={"jwt_jwks": str(jwks), "jwt_issuer": ISSUER, "jwt_audience": AUDIENCE}
    )


def _token(key: rsa.RSAPrivateKey, **overrides: Any) -> str:
    claims = {
        "sub": "li.lei@example.test",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": int(time.time()) + 300,
        "roles": ["SALES"],
        "departments": [],
    } | overrides
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


async def _viewer(authenticator: Authenticator, token: str) -> Viewer | None:
    return await authenticator.viewer(f"Bearer {token}")


async def test_a_valid_jwt_signs_in_with_its_roles_and_its_departments_grants(
    db: Database, jwt_settings: Settings, signing_key: rsa.RSAPrivateKey
) -> None:
    seen, tagged = await make_category(db), await make_category(db)
    department = await make_department(db, see=(seen.id,), tag=(tagged.id,))
    authenticator = Authenticator(db, jwt_settings)
    viewer = await _viewer(authenticator, _token(signing_key, departments=[department.id]))
    assert viewer is not None
    assert viewer.user == "li.lei@example.test"
    assert viewer.roles == {Role.SALES} and viewer.departments == {department.id}
    assert viewer.visible_category_ids == frozenset({seen.id, tagged.id})
    assert viewer.taggable_category_ids == frozenset({tagged.id})
    assert viewer.may(Permission.TAG) and not viewer.may(Permission.MANAGE_TAXONOMY)


async def test_a_jwt_with_unknown_roles_and_no_departments_sees_nothing(
    db: Database, jwt_settings: Settings, signing_key: rsa.RSAPrivateKey
) -> None:
    viewer = await _viewer(Authenticator(db, jwt_settings), _token(signing_key, roles=["ROOT"]))
    assert viewer is not None
    assert viewer.roles == frozenset() and viewer.visible_category_ids == frozenset()
    assert not viewer.may(Permission.READ)


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://evil.example.test/"},
        {"aud": "someone-else"},
        {"exp": int(time.time()) - 60},
        {"exp": None},
    ],
    ids=["wrong-issuer", "wrong-audience", "expired", "no-expiry"],
)
async def test_a_jwt_with_a_wrong_claim_is_refused(
    db: Database,
    jwt_settings: Settings,
    signing_key: rsa.RSAPrivateKey,
    claims: dict[str, Any],
) -> None:
    token = _token(signing_key, **claims)
    if claims.get("exp", 0) is None:
        payload = jwt.decode(token, options={"verify_signature": False})
        payload.pop("exp")
        token = jwt.encode(payload, signing_key, algorithm="RS256", headers={"kid": KID})
    assert await _viewer(Authenticator(db, jwt_settings), token) is None


async def test_a_jwt_signed_by_another_key_or_unsigned_is_refused(
    db: Database, jwt_settings: Settings
) -> None:
    authenticator = Authenticator(db, jwt_settings)
    assert await _viewer(authenticator, _token(_private_key())) is None
    unsigned = jwt.encode(
        {"sub": "x", "iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 60},
        "",
        algorithm="none",
        headers={"kid": KID},
    )
    assert await _viewer(authenticator, unsigned) is None
    hs256 = jwt.encode(
        {"sub": "x", "iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 60},
        "a-shared-secret-long-enough-for-hs256!",
        algorithm="HS256",
        headers={"kid": KID},
    )
    assert await _viewer(authenticator, hs256) is None


async def test_without_a_jwks_a_jwt_is_refused(
    db: Database, settings: Settings, signing_key: rsa.RSAPrivateKey
) -> None:
    assert await _viewer(Authenticator(db, settings), _token(signing_key)) is None


async def test_a_key_revoked_by_another_process_stops_within_the_cache_lifetime(
    db: Database, settings: Settings
) -> None:
    authenticator = Authenticator(db, settings.model_copy(update={"key_cache_seconds": 0.5}))
    created = await make_api_key(db, Role.ANALYST)
    assert await authenticator.viewer(f"Bearer {created.secret}") is not None
    # Revoked elsewhere (another API process, the CLI): this process learns it within the TTL.
    await keys.revoke_api_key(db, Viewer.full_access(user="elsewhere"), key_id=created.key.id)
    await asyncio.sleep(0.6)
    assert await authenticator.viewer(f"Bearer {created.secret}") is None


async def test_the_graph_keeps_only_the_hash_of_a_key(db: Database) -> None:
    created = await make_api_key(db, Role.ANALYST)
    rows = await db.read(
        "MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS props", id=created.key.id
    )
    props = rows[0]["props"]
    assert props["hash"] == keys.hash_key(created.secret)
    assert created.secret not in json.dumps(props, default=str)
    assert created.secret.startswith(props["prefix"] + "_")
