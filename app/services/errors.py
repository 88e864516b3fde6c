"""Typed errors with messages a person can act on. The UI decides how to show them."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Input that cannot be saved. `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("\n".join(fields.values()))
        self.fields = dict(fields)


class ConflictError(ServiceError):
    """Someone else changed the record since it was opened."""


class NotFound(ServiceError):
    """The record does not exist or is in the trash."""


class FieldErrors:
    """Collects per-field messages and raises them together, so a form shows them all."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(self.fields)
