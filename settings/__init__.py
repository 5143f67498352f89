"""The one place that reads the environment: every setting of TagGraph, with its default."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """TagGraph configuration, read from `TAGGRAPH_*` variables and the project's `.env` file."""

    model_config = SettingsConfigDict(
        env_prefix="TAGGRAPH_",
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    # Neo4j connection.
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", description="Bolt URI of Neo4j.")
    neo4j_user: str = Field("neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr | None = Field(
        None, description="Neo4j password; generated into .env on the first local start."
    )
    neo4j_database: str = Field("neo4j", description="Neo4j database holding the graph.")
    neo4j_max_pool_size: int = Field(50, description="Driver connection pool size.")

    # When Neo4j is away (issue 12): how long the driver and the probes wait before giving up.
    neo4j_connection_timeout: float = Field(
        2.0, description="Seconds the driver waits to open a connection to Neo4j."
    )
    neo4j_acquisition_timeout: float = Field(
        3.0, description="Seconds a query waits for a connection of the driver's pool."
    )
    neo4j_transaction_retry_time: float = Field(
        2.0, description="Seconds the driver retries a transaction after transient failures."
    )
    readiness_timeout: float = Field(
        1.5, description="Seconds /readyz waits for Neo4j to answer before saying 503."
    )
    retry_after: int = Field(
        5, description="Seconds clients are told (Retry-After) to wait while Neo4j is away."
    )
    index_stale_after: float = Field(
        5.0,
        description="Seconds without a successful read of the change notices after which "
        "answers from the index say they may be stale.",
    )

    # The local Neo4j server that `taggraph neo4j start` manages.
    neo4j_version: str = Field("5.26.30", description="Neo4j Community version from Maven.")
    neo4j_browser_version: str = Field("5.24.0", description="Neo4j Browser version.")
    neo4j_http_port: int = Field(7474, description="Local Neo4j HTTP port (Neo4j Browser).")
    neo4j_home: Path = Field(
        PROJECT_ROOT / ".neo4j", description="Folder for the Neo4j jars and local instances."
    )
    neo4j_instance: str = Field("main", description="Name of the local instance (data folder).")
    neo4j_heap: str = Field("4g", description="Java heap of the local Neo4j.")
    neo4j_pagecache: str = Field("6g", description="Page cache of the local Neo4j.")
    neo4j_start_timeout: float = Field(120.0, description="Seconds to wait for Bolt to answer.")

    # The API.
    api_host: str = Field("127.0.0.1", description="Address the API binds to.")
    api_port: int = Field(8000, description="Port of the API.")
    graphiql: bool = Field(default=True, description="Serve GraphiQL at /graphql.")
    max_page_size: int = Field(100, description="Hard cap on `first` in connections.")
    log_level: str = Field("INFO", description="Log level of the API and CLI.")

    # Request bounds (api/limits.py, api/cost.py): every GraphQL request is checked against
    # these before it runs; the defaults are far above what a CRM front end sends.
    env: Literal["local", "production"] = Field(
        "local",
        description="`production` turns introspection and GraphiQL off; `local` lets GraphiQL "
        "send the local admin key (on loopback only).",
    )
    cors_origins: list[str] = Field(
        [],
        description='Origins allowed to call the API from a browser (JSON: ["https://crm.example"]).',
    )
    max_query_depth: int = Field(10, description="Deepest field nesting of a GraphQL operation.")
    max_aliases: int = Field(30, description="Aliased fields in one GraphQL document.")
    max_tokens: int = Field(15_000, description="Tokens in one GraphQL document.")
    max_fields: int = Field(
        500, description="Fields of one GraphQL document, fragments expanded where spread."
    )
    max_document_bytes: int = Field(100_000, description="Bytes of one GraphQL document.")
    max_body_bytes: int = Field(
        4_194_304, description="Bytes of one HTTP request body (413 beyond)."
    )
    max_cost: int = Field(
        100_000,
        description="Cost budget of one operation: each field counts 1, a list's subtree "
        "counts `first` (or cost_default_list_size) times.",
    )
    cost_default_list_size: int = Field(
        20, description="Items a list without a `first` argument counts for in the cost."
    )
    max_list_items: int = Field(10_000, description="Items of any list argument.")
    max_filter_clauses: int = Field(
        256, description="Clauses of a customer filter, each listed id counting as one."
    )
    request_timeout: float = Field(
        30.0, description="Seconds a GraphQL request may run; its Neo4j transactions too."
    )

    # The index beside the graph (segments and similarity in memory, following the graph).
    segment_index: bool = Field(
        default=True, description="Keep the in-memory index that answers segments and similarity."
    )
    index_poll_interval: float = Field(
        0.2, description="Seconds between two reads of the graph's change notices."
    )
    index_drift_check_seconds: float = Field(
        30.0,
        description="Seconds between two comparisons of the index with the graph by counts "
        "(catches writes that left no change notice, e.g. an edit in Neo4j Browser); 0 turns "
        "it off.",
    )

    # Tag rules.
    rule_sweep_minutes: float = Field(
        0, description="Minutes between in-process rule sweeps of `serve`/`up`; 0 turns it off."
    )

    # Similarity: how much the industry and region trees count beside the tag trees (1.0).
    similarity_industry_weight: float = Field(
        0.5, description="Weight of the industry tree in customer similarity."
    )
    similarity_region_weight: float = Field(
        0.5, description="Weight of the region tree in customer similarity."
    )

    # Sign-in and permissions (API keys, JWTs from the identity provider); `env` above.
    auth: bool = Field(
        default=True,
        description="Require a credential on every request but the probes; off only on loopback.",
    )
    admin_key: SecretStr | None = Field(
        None, description="The local admin API key; generated into .env by the first `up`."
    )
    key_cache_seconds: float = Field(
        5.0, description="Seconds a process trusts its cached lookup of an API key."
    )
    key_outage_grace_seconds: float = Field(
        300.0,
        description="While Neo4j is away, a key looked up this recently keeps working (so "
        "answers from the index keep flowing); older or unknown keys get 503.",
    )
    jwt_issuer: str | None = Field(None, description="Issuer (`iss`) JWTs must carry.")
    jwt_audience: str | None = Field(None, description="Audience (`aud`) JWTs must carry.")
    jwt_jwks: str | None = Field(
        None, description="JWKS of the identity provider: an https:// URL or a file path."
    )
    jwt_algorithms: list[str] = Field(["RS256"], description="Accepted JWT signing algorithms.")
    jwt_user_claim: str = Field("sub", description="JWT claim naming the user.")
    jwt_roles_claim: str = Field("roles", description="JWT claim listing the user's roles.")
    jwt_departments_claim: str = Field(
        "departments", description="JWT claim listing the user's department ids."
    )

    # Exports (issue 13): files streamed by /exports/… and `taggraph export`.
    export_chunk_size: int = Field(
        1_000, ge=1, le=100_000, description="Customers an export reads per Neo4j transaction."
    )

    # Demo data.
    demo_customers: int = Field(10_000, description="Customers in the demo loaded on first run.")
    demo_seed: int = Field(42, description="Seed of the demo data generator.")

    # Imports of files (issue 13): batches, the upload route's own cap, where uploads wait.
    import_batch_size: int = Field(
        5_000, description="Rows of an import file written per transaction (customers)."
    )
    import_max_upload_bytes: int = Field(
        536_870_912, description="Bytes of one uploaded import file (POST /imports/*, 413 beyond)."
    )
    import_spool_dir: Path = Field(
        PROJECT_ROOT / ".imports",
        description="Folder where uploaded import files and their error reports are kept.",
    )

    @field_validator("neo4j_password")
    @classmethod
    def _not_the_default_password(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() in ("", "neo4j"):
            raise ValueError("choose a Neo4j password other than the default 'neo4j'")
        return value

    @property
    def bolt_port(self) -> int:
        """The port of `neo4j_uri` (7687 when the URI names none)."""
        return urlsplit(self.neo4j_uri).port or 7687

    @property
    def bolt_host(self) -> str:
        """The host of `neo4j_uri`."""
        return urlsplit(self.neo4j_uri).hostname or "127.0.0.1"

    def password(self) -> str:
        """The Neo4j password in clear, or an error telling how to set one."""
        if self.neo4j_password is None:
            raise RuntimeError(
                "No Neo4j password: set TAGGRAPH_NEO4J_PASSWORD, or run `taggraph up` once "
                "to generate one into .env"
            )
        return self.neo4j_password.get_secret_value()


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
