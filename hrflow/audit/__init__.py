"""The audit trail: append-only, hash-chained events of everything auditors must be able to
trust — state changes, acknowledgements (own and by proxy), notices that failed, role and unit
changes, staff imports.

`record()` is called by the service that makes the change, inside its transaction, so an event
exists exactly when the change does. `verify()` walks the chain. Nothing here imports the apps
above hrflow: they pass in what the event is about. Callers use this package's names
(`from hrflow import audit; audit.record(...)`); the modules are how it is organised:
`labels` (kinds, moved model labels), `chain` (hashing, appending, the head), `records`
(the agency's own records: roles, units, settings), `verification`."""

from .chain import (
    GENESIS,
    HASHED_FIELDS,
    append_sql,
    canonical,
    canonical_pieces,
    digest,
    ensure_head,
    head_hash,
    head_number,
    lock_head,
    record,
)
from .labels import (
    KIND_LABELS,
    MOVED_LABELS,
    Kind,
    current_label,
    kind_label,
    labels_of,
    subject_of,
)
from .records import record_agency, record_roles, record_unit, roles_of
from .verification import Verdict, verify

__all__ = [
    "GENESIS",
    "HASHED_FIELDS",
    "KIND_LABELS",
    "MOVED_LABELS",
    "Kind",
    "Verdict",
    "append_sql",
    "canonical",
    "canonical_pieces",
    "current_label",
    "digest",
    "ensure_head",
    "head_hash",
    "head_number",
    "kind_label",
    "labels_of",
    "lock_head",
    "record",
    "record_agency",
    "record_roles",
    "record_unit",
    "roles_of",
    "subject_of",
    "verify",
]
