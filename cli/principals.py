"""`taggraph users|departments|keys`: principals and grants from the command line, and the
local admin key that the first `taggraph up` creates."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from graph.database import Database
from graph.errors import UserInputError
from graph.principals import directory, keys
from graph.principals.model import CategoryAccess, parse_permissions
from graph.viewer import Role, Viewer
from ops.env_file import ENV_FILE, set_env_variable
from settings import Settings, get_settings

T = TypeVar("T")
console = Console()
CLI_VIEWER = Viewer.full_access(user="cli")
LOCAL_ADMIN_ID = "local-admin"
ADMIN_KEY_VARIABLE = "TAGGRAPH_ADMIN_KEY"

users_app = typer.Typer(help="Users and their roles.", no_args_is_help=True)
departments_app = typer.Typer(help="Departments and their tag categories.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the principal commands to the CLI."""
    app.add_typer(users_app, name="users")
    app.add_typer(departments_app, name="departments")
    app.add_typer(keys_app, name="keys")


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    async def main() -> T:
        db = Database.connect(get_settings())
        try:
            return await work(db)
        finally:
            await db.close()

    try:
        return asyncio.run(main())
    except UserInputError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error


@users_app.command("create")
def users_create(
    name: Annotated[str, typer.Argument(help="Display name.")],
    role: Annotated[list[Role], typer.Option(help="A role (repeat for several).")],
    user_id: Annotated[str | None, typer.Option("--id", help="Id (default: generated).")] = None,
    department: Annotated[
        list[str] | None, typer.Option(help="A department id to join (repeatable).")
    ] = None,
    permission: Annotated[
        list[str] | None, typer.Option(help="A permission granted to an INTEGRATION user.")
    ] = None,
) -> None:
    """Create a user with roles, optionally in departments."""

    async def work(db: Database) -> str:
        user = await directory.create_user(
            db,
            CLI_VIEWER,
            name=name,
            roles=frozenset(role),
            permissions=parse_permissions(permission or []),
            user_id=user_id,
        )
        for department_id in department or []:
            await directory.set_membership(
                db, CLI_VIEWER, user_id=user.id, department_id=department_id, member=True
            )
        return user.id

    console.print(f"Created user {_run(work)}.")


@departments_app.command("create")
def departments_create(
    name: Annotated[str, typer.Argument(help="Display name.")],
    department_id: Annotated[
        str | None, typer.Option("--id", help="Id (default: generated).")
    ] = None,
) -> None:
    """Create a department."""

    async def work(db: Database) -> str:
        found = await directory.create_department(
            db, CLI_VIEWER, name=name, department_id=department_id
        )
        return found.id

    console.print(f"Created department {_run(work)}.")


@departments_app.command("grant")
def departments_grant(
    department_id: Annotated[str, typer.Argument(help="Department id.")],
    category_id: Annotated[str, typer.Argument(help="Tag category id.")],
    access: Annotated[CategoryAccess, typer.Option(help="SEE, or TAG (implies SEE).")] = (
        CategoryAccess.SEE
    ),
) -> None:
    """Let a department see a tag category, or tag customers with its tags."""
    _run(
        lambda db: directory.grant_category(
            db, CLI_VIEWER, department_id=department_id, category_id=category_id, access=access
        )
    )
    console.print(f"Department {department_id} may now {access.value} {category_id}.")


@keys_app.command("create")
def keys_create(
    user_id: Annotated[str, typer.Argument(help="The user the key acts for.")],
    name: Annotated[str, typer.Option(help="What the key is for.")],
    expires: Annotated[
        datetime | None, typer.Option(help="Expiry (ISO date-time, UTC when no zone).")
    ] = None,
) -> None:
    """Create an API key and print it (this once: only its hash is kept)."""
    expires_at = expires if expires is None or expires.tzinfo else expires.astimezone()
    created = _run(
        lambda db: keys.create_api_key(
            db, CLI_VIEWER, user_id=user_id, name=name, expires_at=expires_at
        )
    )
    console.print(f"Key {created.key.id} for {user_id} (shown once, keep it safe):")
    typer.echo(created.secret)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")],
) -> None:
    """Revoke an API key (other API processes stop accepting it within the key cache TTL)."""
    _run(lambda db: keys.revoke_api_key(db, CLI_VIEWER, key_id=key_id))
    console.print(f"Revoked {key_id}.")


@keys_app.command("list")
def keys_list(
    user_id: Annotated[str | None, typer.Option(help="Only this user's keys.")] = None,
) -> None:
    """List API keys: id, name, prefix, user, expiry, revocation (never the key)."""
    found = _run(lambda db: keys.find_api_keys(db, user_id=user_id))
    table = Table("id", "name", "prefix", "user", "created", "expires", "revoked")
    for key in found:
        table.add_row(
            key.id,
            key.name,
            key.prefix,
            key.user_id,
            _when(key.created_at),
            _when(key.expires_at),
            _when(key.revoked_at),
        )
    console.print(table)


def _when(value: datetime | None) -> str:
    return "" if value is None else value.isoformat(timespec="seconds")


async def ensure_local_admin_key(
    db: Database, settings: Settings, env_file: Path = ENV_FILE
) -> bool:
    """Make sure `.env` holds a working admin key for local use; True when one was created."""
    if settings.admin_key is not None:
        held = await keys.find_principal_by_key(db, key=settings.admin_key.get_secret_value())
        if held is not None and held.revoked_at is None and Role.ADMIN in held.roles:
            return False
    if not await directory.find_users(db, ids=[LOCAL_ADMIN_ID]):
        await directory.create_user(
            db,
            CLI_VIEWER,
            name="Local admin",
            roles=frozenset({Role.ADMIN}),
            user_id=LOCAL_ADMIN_ID,
        )
    created = await keys.create_api_key(
        db, CLI_VIEWER, user_id=LOCAL_ADMIN_ID, name="local admin (taggraph up)"
    )
    note = "The local admin API key (`taggraph up`)."
    set_env_variable(ADMIN_KEY_VARIABLE, created.secret, note, env_file)
    return True


def admin_key_note() -> str:
    """Where the local admin key is (never the key itself)."""
    return f"{ADMIN_KEY_VARIABLE} in {ENV_FILE} (send it as Authorization: Bearer …)"
