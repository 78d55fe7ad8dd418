"""Errors a service raises. ``message`` is already translated and safe to show as-is."""

from __future__ import annotations


class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(ServiceError):
    code = "not_found"


class PermissionDenied(ServiceError):
    code = "permission_denied"


class AuthenticationFailed(ServiceError):
    code = "authentication_failed"


class ValidationFailed(ServiceError):
    """Bad input. ``field_errors`` maps a field name to its specific message; ``warnings`` may be
    overridden by the user (pass ``confirm_warnings=True``) and are audited when overridden."""

    code = "validation_failed"

    def __init__(
        self,
        field_errors: dict[str, str] | None = None,
        *,
        message: str | None = None,
        warnings: dict[str, str] | None = None,
    ) -> None:
        self.field_errors = dict(field_errors or {})
        self.warnings = dict(warnings or {})
        text = message or "\n".join([*self.field_errors.values(), *self.warnings.values()])
        super().__init__(text)


class GuardRefused(ServiceError):
    """The case state machine or a legal guard refuses the action; ``reasons`` lists why."""

    code = "guard_refused"

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("\n".join(self.reasons))


class Conflict(ServiceError):
    code = "conflict"
