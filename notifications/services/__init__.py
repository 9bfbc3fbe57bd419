"""Everything that writes notices and acknowledgements, by topic:

- `outbox`: announce, notify, dedupe_key, enqueue — the notices written, handed to the broker
  once the transaction commits;
- `delivery`: claim, deliver, sweep — the worker's and the beat's side of the outbox;
- `acknowledgements`: acknowledge, acknowledge_by_proxy, mark_read;
- `reminders`: reminder_due, remind, remind_outstanding, remind_and_escalate, unsent_cancel;
- `postgres`: every PostgreSQL-only statement, one function each (hrflow.sql_paths chooses).

The apps above call the names re-exported here; tasks are thin wrappers around them."""

from .acknowledgements import AcknowledgementError, acknowledge, acknowledge_by_proxy, mark_read
from .delivery import claim, deliver, sweep
from .outbox import (
    PRIVATE_KEY_PREFIX,
    announce,
    dedupe_key,
    enqueue,
    enqueue_on_commit,
    notify,
)
from .reminders import (
    remind,
    remind_and_escalate,
    remind_outstanding,
    reminder_due,
    unsent_cancel,
)

__all__ = [
    "PRIVATE_KEY_PREFIX",
    "AcknowledgementError",
    "acknowledge",
    "acknowledge_by_proxy",
    "announce",
    "claim",
    "dedupe_key",
    "deliver",
    "enqueue",
    "enqueue_on_commit",
    "mark_read",
    "notify",
    "remind",
    "remind_and_escalate",
    "remind_outstanding",
    "reminder_due",
    "sweep",
    "unsent_cancel",
]
