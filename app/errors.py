"""Application errors: each carries a message safe to show a user (never a credential)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Credential-shaped fragments that libraries may echo in error texts (signed URLs, headers,
# key=value dumps). Known secret values are also replaced verbatim by `redact`.
_SECRET_PATTERNS = (
    re.compile(r"(?i)(x-amz-(?:credential|signature|security-token)=)[^&\s'\"]+"),
    re.compile(
        r"(?i)((?:aws_)?(?:secret_access_key|access_key_id|session_token|secret|key_id)"
        r"\s*[=:]\s*['\"]?)[^\s,'\";)]+"
    ),
    re.compile(r"(?i)(Credential=)[^,\s&]+"),
    re.compile(r"(?i)(Signature=)[0-9a-f]+"),
)
REDACTED = "***"


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with the given secret values and credential-shaped fragments masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class AppError(Exception):
    """Base of the errors the UI and CLI report as a message rather than a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def user_message(self) -> str:
        return str(self)


class EmptySelection(Exception):
    """An analysis has nothing to work on under the current filters (no rows, too few groups or
    years). Not a failure: the chart or text shows its empty state with ``reason`` (a sentence in the
    user's language) or the generic one. Raised by analysis code, turned into the empty state by the
    callback decorator (callbacks.common), never logged as an error."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason or "empty selection")
        self.reason = reason


class DatasetMissing(AppError):
    """No published dataset (or a file of it) where the configuration points."""


class StorageUnreachable(AppError):
    """The storage could not be reached or refused our credentials."""


class QueryFailed(AppError):
    """A named query failed on the published dataset."""


class IngestError(AppError):
    """An input file is unusable; names the file, 1-based line and column when known."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, column: str | None = None
    ) -> None:
        self.file, self.line, self.column = file, line, column
        where = ", ".join(
            part
            for part in (
                file,
                f"line {line}" if line is not None else None,
                f"column {column!r}" if column is not None else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
