"""Run by `manage.py shell -c`, with the previous main's code and with the current code alike:
opens, as the demo's auditor, the timeline of every document of every kind the code knows and of
every person, and prints one JSON line: {url: [status, [the seq of every event shown], [the id
of every person linked: on a document's page, each acknowledgement's person]]}.

The kinds come from the registry where there is one (current code), else from the old tuple."""

import json
import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from hrflow.models import Employee

try:
    from workflows import registry

    models = [kind.model for kind in registry.kinds()]
except ImportError:  # the previous main: the auditor's kinds were workflows.models.KINDS
    from workflows.models import KINDS as models

client = Client()
client.force_login(get_user_model().objects.get(username="auditor"))
urls = [
    reverse("auditor:document", args=[model.kind_slug, pk])
    for model in models
    for pk in model.objects.order_by("pk").values_list("pk", flat=True)
]
urls += [
    reverse("auditor:person", args=[pk])
    for pk in Employee.objects.order_by("pk").values_list("pk", flat=True)
]
opened = {}
for url in urls:
    response = client.get(url)
    seqs = sorted(int(seq) for seq in re.findall(rb'data-seq="(\d+)"', response.content))
    people = sorted(int(pk) for pk in re.findall(rb'href="/audit/people/(\d+)/"', response.content))
    opened[url] = [response.status_code, seqs, people]
print("TIMELINES " + json.dumps(opened))
