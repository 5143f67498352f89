"""The process's logging: one set-up, and a filter that keeps personal data and secrets out.

Our own log lines name codes, ids and paths, never values; the filter is the safety net for
what other code puts into messages and tracebacks (a driver error quoting a parameter, a
type error quoting a value): e-mail addresses, phone numbers, bearer tokens, `password=…`
pairs and the secrets it is given become `[redacted]`. Access log lines lose their query
string (a GET request carries its whole GraphQL document and variables there)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), REDACTED),  # e-mail
    (re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+"), r"\1 " + REDACTED),  # Authorization
    (re.compile(r"\btgk_[\w-]+"), REDACTED),  # a bare TagGraph API key
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), REDACTED),  # a bare JWT
    (
        re.compile(r"(?i)\b(password|passwd|secret|api[_-]?key|token)(\W{1,4})[^\s,;&\"']+"),
        r"\1\2" + REDACTED,
    ),
    (re.compile(r"(?<![\d-])\d{3,4}-\d{3,8}(?:-\d{3,4})?(?![\d-])"), REDACTED),  # landlines
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), REDACTED),  # CN mobile numbers
    (re.compile(r"\+\d{1,3}[\s-]?\d(?:[\s-]?\d){6,12}"), REDACTED),  # international phones
)

ACCESS_LOGGER = "uvicorn.access"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with e-mails, phone numbers, tokens, passwords and these secrets redacted."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class Redactor(logging.Filter):
    """Redacts every record a handler emits (install it on handlers: records of child loggers
    pass the handlers of the root logger, not its filters)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops one."""
        if record.name == ACCESS_LOGGER and isinstance(record.args, tuple):
            # uvicorn's access formatter reads its args: (client, method, path, version, status)
            record.args = tuple(
                _path_only(arg) if index == 2 else arg for index, arg in enumerate(record.args)
            )
            return True
        message = redact(record.getMessage(), self.secrets)
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def _path_only(value: object) -> object:
    return value.split("?", 1)[0] if isinstance(value, str) else value


def configure_logging(level: str, secrets: Iterable[str] = ()) -> Redactor:
    """The one logging set-up of a process: a stderr handler on the root logger with the
    redactor, uvicorn's loggers propagating to it (serve uvicorn with `log_config=None`)."""
    redactor = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", ACCESS_LOGGER):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)  # the root's level (uvicorn.run sets its log_level)
    return redactor
