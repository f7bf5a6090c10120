"""The outbox: domain events written in the same transaction as the change that raised them, each
stamped with the correlation (request id, ``traceparent``) of the work that raised it."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.persistence.sql.tables import outbox_event
from application.context import Correlation, current_correlation
from application.ports import Outbox
from domain.events import DomainEvent

_INSERT = insert(outbox_event)


def _json_value(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to an outbox payload")


def payload(event: DomainEvent) -> str:
    """The event's fields as JSON: UUIDs and datetimes (ISO 8601) as strings, tuples as lists."""
    fields = {field.name: getattr(event, field.name) for field in dataclasses.fields(event)}
    return json.dumps(fields, default=_json_value, ensure_ascii=False, separators=(",", ":"))


def _row(event: DomainEvent, correlation: Correlation) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "name": event.name,
        "payload": payload(event),
        "occurred_at": event.occurred_at,
        "published_at": None,
        "request_id": correlation.request_id,
        "traceparent": correlation.traceparent,
    }


class SqlOutbox(Outbox):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, events: Sequence[DomainEvent]) -> None:
        if events:
            correlation = current_correlation()
            rows = [_row(event, correlation) for event in events]
            await self._connection.execute(_INSERT, rows)
