"""The logging set-up: one redacting handler; access lines without their query string."""

from __future__ import annotations

import logging
import sys

import pytest

from ops.logs import REDACTED, Redactor, configure_logging, redact

SECRETS = [
    "li.wei+crm@example.com.cn",
    "13812345678",
    "+86 20 8123 4567",
    "020-81234567",
    "400-123-4567",
    "Bearer tg_live_9f8e7d6c5b4a",
    "password=hunter2-Pa55",
    "tgk_ab12cd34_Zx9-Yw8_Vu7",  # an API key on its own
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsaS5sZWkifQ.c2lnbmF0dXJl",  # a JWT on its own
]


@pytest.mark.parametrize("secret", SECRETS)
def test_personal_data_and_credentials_are_redacted(secret: str) -> None:
    text = redact(f"before {secret} after")
    assert text.startswith("before ") and text.endswith(" after")
    assert REDACTED in text
    assert secret.split()[-1].split("=")[-1] not in text


def test_ids_counts_and_timestamps_are_kept() -> None:
    line = "index built: 1000000 customers in 12.5 s; C0000001 tag-0148 at 2026-12-02T00:15:15"
    assert redact(line) == line


def test_the_given_secrets_are_redacted_anywhere() -> None:
    assert redact("neo4j/s3cr3t-value@host", ["s3cr3t-value"]) == f"neo4j/{REDACTED}@host"


def _record(name: str, msg: str, args: tuple[object, ...]) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)


def test_access_lines_lose_their_query_string() -> None:
    record = _record(
        "uvicorn.access",
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/graphql?query=%7Bcustomers%7D&variables=li%40x.cn", "1.1", 200),
    )
    assert Redactor().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /graphql HTTP/1.1" 200'


def test_messages_arguments_and_tracebacks_are_redacted() -> None:
    try:
        raise TypeError("invalid value 'li.wei@example.com' for phone 13812345678")
    except TypeError:
        record = _record("graph", "failed for %s", ("s3cr3t",))
        record.exc_info = sys.exc_info()
    assert Redactor(["s3cr3t"]).filter(record)
    text = logging.Formatter().format(record)
    for secret in ("s3cr3t", "li.wei@example.com", "13812345678"):
        assert secret not in text
    assert "TypeError" in text


def test_the_one_set_up_redacts_every_logger_uvicorns_included(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    uvicorn = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved_uvicorn = [(list(u.handlers), u.propagate, u.level) for u in uvicorn]
    try:
        configure_logging("INFO", ["the-neo4j-password"])
        logging.getLogger("graph.database").warning("connect with the-neo4j-password")
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "c", "GET", "/graphql?query=x@y.cn", "1.1", 200
        )
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for logger, (handlers, propagate, level) in zip(uvicorn, saved_uvicorn, strict=True):
            logger.handlers[:], logger.propagate = handlers, propagate
            logger.setLevel(level)
    err = capsys.readouterr().err
    assert "the-neo4j-password" not in err
    assert "x@y.cn" not in err
    assert f"connect with {REDACTED}" in err
    assert '"GET /graphql HTTP/1.1" 200' in err
