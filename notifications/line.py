"""LINE over the Messaging API: the channel that pushes notices to linked people, and linking
(a one-time code the person sends to the agency's Official Account, read by the webhook)."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .links import acknowledgement_link
from .models import LineLink

# The retry key must be the same on every attempt at one notice, so that LINE drops a push it
# already accepted (a worker killed after LINE answered, before the row was marked sent).
RETRY_KEY_NAMESPACE = uuid.UUID("6f1c3c52-4b0e-4a57-9d0b-1f1f3a8e2c11")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a phone and typed


def retry_key(notice) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"notice:{notice.pk}:{notice.dedupe_key}"))


def linked_employees(employee_ids) -> set[int]:
    return set(
        LineLink.objects.filter(employee_id__in=employee_ids)
        .exclude(line_user_id="")
        .values_list("employee_id", flat=True)
    )


class LineChannel:
    """Push one message per notice. 200 (or 409: LINE already has this retry key) is sent;
    429 defers the rest of the batch until Retry-After; 5xx and network errors are retried;
    any other 4xx is LINE refusing the message, which no retry changes: the notice fails."""

    def send(self, notices, on_sent=None):
        from .channels import Outcome

        outcome, notices = Outcome(), list(notices)
        links = dict(
            LineLink.objects.filter(employee_id__in={n.recipient_id for n in notices})
            .exclude(line_user_id="")
            .values_list("employee_id", "line_user_id")
        )
        for position, notice in enumerate(notices):
            to = links.get(notice.recipient_id)
            if to is None:  # unlinked since the notice was written
                outcome.failed[notice.pk] = "LINE: not linked"
                outcome.permanent.add(notice.pk)
                continue
            status, detail, retry_after = self.push(notice, to)
            if status in (200, 409):
                outcome.sent.append(notice)
                if on_sent is not None:
                    on_sent(notice)
            elif status == 429:
                # Rate limited: nothing more goes out now; these rows wait, without losing an
                # attempt, until LINE said to come back.
                for waiting in notices[position:]:
                    outcome.deferred[waiting.pk] = (f"LINE 429: {detail}", retry_after)
                break
            else:
                outcome.failed[notice.pk] = f"LINE {status or 'network'}: {detail}"[:2000]
                if 400 <= status < 500 and status not in (401, 403):
                    outcome.permanent.add(notice.pk)
        return outcome

    def push(self, notice, to):
        """(HTTP status or 0 for no answer, detail, retry-after seconds)."""
        body = json.dumps(
            {"to": to, "messages": [{"type": "text", "text": self.text(notice)[:5000]}]}
        ).encode()
        # The URL is the setting's, and settings.py allows only http(s) there.
        request = urllib.request.Request(  # noqa: S310
            settings.HRFLOW_LINE_API_URL + "/v2/bot/message/push",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.HRFLOW_LINE_CHANNEL_TOKEN}",
                "X-Line-Retry-Key": retry_key(notice),
            },
        )
        try:
            timeout = settings.HRFLOW_LINE_TIMEOUT
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return answer.status, "", 0
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace")
            try:
                retry_after = int(error.headers.get("Retry-After", "") or 0)
            except ValueError:
                retry_after = 0
            return error.code, detail, retry_after
        except (OSError, ValueError) as error:  # refused, timed out, reset
            return 0, str(error), 0

    def text(self, notice):
        ack = notice.acknowledgement
        with translation.override(settings.LANGUAGE_CODE):
            if ack is None:
                context = {
                    "subject": notice.subject,
                    "text": notice.text,
                    "link": settings.HRFLOW_SITE_URL + notice.link if notice.link else "",
                }
            else:
                context = {
                    "subject": render_to_string(
                        "notifications/email/subject.txt",
                        {"notice": notice, "document": ack.document},
                        using="text",
                    ).strip(),
                    "link": acknowledgement_link(ack),
                }
            return render_to_string("notifications/line.txt", context, using="text").strip()


# --- linking ----------------------------------------------------------------------------------


def line_link_code(employee) -> LineLink:
    """A fresh one-time code for this person (the previous one stops working)."""
    expires = timezone.now() + dt.timedelta(minutes=settings.HRFLOW_LINE_CODE_MINUTES)
    link, _ = LineLink.objects.get_or_create(employee=employee)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not LineLink.objects.filter(code=code).exists():
            break
    link.code, link.code_expires = code, expires
    link.save(update_fields=["code", "code_expires"])
    return link


def line_link(code, line_user_id) -> LineLink | None:
    """The webhook saw this code from this LINE user: link them (once; the code is spent).
    A LINE account belongs to one person: linking it here unlinks it anywhere else."""
    code = "".join(str(code).split()).upper()
    if not code or len(code) > 16 or not line_user_id:
        return None
    with transaction.atomic():
        link = (
            LineLink.objects.select_for_update()
            .filter(code=code, code_expires__gt=timezone.now())
            .first()
        )
        if link is None:
            return None
        LineLink.objects.filter(line_user_id=line_user_id).exclude(pk=link.pk).update(
            line_user_id="", linked_at=None
        )
        link.line_user_id = line_user_id[:64]
        link.linked_at = timezone.now()
        link.code = link.code_expires = None
        link.save(update_fields=["line_user_id", "linked_at", "code", "code_expires"])
    return link


def line_unlink(employee) -> bool:
    """Stop LINE notices to this person; pending LINE notices fail when their turn comes."""
    return bool(
        LineLink.objects.filter(employee=employee)
        .exclude(line_user_id="")
        .update(line_user_id="", linked_at=None, code=None, code_expires=None)
    )


def signature_valid(body: bytes, signature: str) -> bool:
    secret = settings.HRFLOW_LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature.strip())


def line_webhook(events) -> int:
    """Link every sender of a valid code among these webhook events; returns how many."""
    linked = 0
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or event.get("type") != "message":
            continue
        message, source = event.get("message") or {}, event.get("source") or {}
        if not isinstance(message, dict) or not isinstance(source, dict):
            continue
        if message.get("type") == "text" and isinstance(message.get("text"), str):
            if line_link(message["text"], str(source.get("userId") or "")):
                linked += 1
    return linked
