"""Hostile values at every form and every API operation: never a 5xx, nothing written on 4xx.

The endpoints are found, not listed (tests/hostile.py): the API from its OpenAPI schema, the
pages by crawling them as each persona. `make test` runs a few examples per endpoint; `make
chaos` (HRFLOW_CHAOS_FULL=1) many. HRFLOW_HOSTILE_EXAMPLES overrides both."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure
from rest_framework.test import APIClient

from circulars import services as circular_services
from notifications.links import acknowledgement_token
from notifications.models import Notice
from reports import services as report_services
from tests import hostile
from tests.meetings import minutes_world
from tests.reports.conftest import YEAR, build, publish
from tests.web import test_access_hr as web_hr
from workflows import registry

pytestmark = [pytest.mark.chaos, pytest.mark.django_db]

FULL = os.environ.get("HRFLOW_CHAOS_FULL", "") in {"1", "true", "yes"}
EXAMPLES = int(os.environ.get("HRFLOW_HOSTILE_EXAMPLES", "60" if FULL else "3"))
PERSONAS = ("clerk", "executive", "employee", "admin")
# Under `make chaos` each test sends EXAMPLES requests to each of ~90 API operations, or to each
# form as each persona: minutes, not pytest's 300 s default. Measured on the shared 2-core
# machine: the API 231 s, the schema walk 162 s, the forms 1,422 s (hence their own budget).
TIMEOUT = 1800 if FULL else 300
FORMS_TIMEOUT = 3600 if FULL else 300
HOSTILE = settings(
    max_examples=EXAMPLES,
    # make test's short run is the same examples every time (CI never goes red by chance);
    # make chaos explores afresh each run.
    derandomize=not FULL,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the report names the value
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(org, client):
    """A document of every kind in every interesting state, minutes with their follow-ups, and
    the pages that reach them."""
    from tests.web.conftest import new_draft, walk

    pdf = b"%PDF-1.4 x"
    for draft in (new_draft(org), new_draft(org, "ประกาศเรื่องวันหยุดราชการ")):
        circular_services.circular_attach(
            draft, by=org.clerk.user, upload=SimpleUploadedFile("a.pdf", pdf)
        )
    walk(draft, org, "submit", "approve", "publish")
    minutes = minutes_world(org)
    activity = report_services.activity_add(
        report_services.measures_for(YEAR, create=True).first(), by=org.clerk.user, text="อบรม"
    )
    evidence = report_services.evidence_add(
        activity, by=org.clerk.user, upload=SimpleUploadedFile("b.pdf", pdf)
    )
    report = publish(org, build(org))
    # The in-app notices as a worker leaves them: sent, so the inbox offers "mark read".
    Notice.objects.filter(channel=Notice.Channel.INAPP).update(
        status=Notice.Status.SENT, sent_at=timezone.now()
    )
    seeds = {"/", "/login/", reverse("reports:list"), reverse("auditor:search"), "/public/"}
    seeds |= {"/robots.txt", *evaluation_pages(org)}
    seeds.add(reverse("notifications:confirm-link", args=[acknowledgement_token(minutes["ack"])]))
    seeds |= {url for url in web_hr.all_urls(org)}
    # Minutes take no attachments: the kinds' shared route answers 404, asked for directly.
    seeds.add(f"/minutes/{minutes['april'].pk}/attachments/1/")
    seeds.add(f"/public/{YEAR}/integrity-reports/{report.pk}/files/{evidence.pk}/")
    return sorted(seeds)


def check(response, before, where):
    if response.streaming:  # a download's cursor holds the connection until it is read
        b"".join(response.streaming_content)
    status = response.status_code
    assert status < 500, f"{where}: {status}"
    if 400 <= status < 500:
        assert hostile.fingerprint() == before, f"{where}: a {status} wrote to the database"


def first_lines(error):
    inner = getattr(error, "exceptions", None)
    if inner:
        return [line for each in inner for line in first_lines(each)]
    stop = interruption(error)
    if stop is not None:
        # pytest-timeout's alarm (or ^C) inside an example: Hypothesis wraps it, or reports the
        # example it cut short as flaky. It ends the test; it is no endpoint's failure.
        raise stop
    return [(str(error).splitlines() or [repr(error)])[0][:300]]


def interruption(error, seen=None):
    """The timeout or interrupt (a BaseException, not an Exception) behind `error`, if any."""
    seen = seen if seen is not None else set()
    if error is None or id(error) in seen:
        return None
    seen.add(id(error))
    if not isinstance(error, Exception):
        return error
    for each in (error.__cause__, error.__context__, *getattr(error, "exceptions", ())):
        found = interruption(each, seen)
        if found is not None:
            return found
    return None


def api_attack(clients, method, path, schema):
    @HOSTILE
    @given(who=st.sampled_from(sorted(clients)), body=hostile.api_bodies(schema))
    def attack(who, body):
        before = hostile.fingerprint()
        response = clients[who].generic(method, path, body, content_type="application/json")
        check(response, before, f"{method} {path} as {who} with {body[:200]!r}")
        if response.status_code >= 400:
            assert response.json().get("detail"), f"{method} {path}: no detail"

    return attack


def form_attack(client, user, action, names):
    @HOSTILE
    @given(
        values=st.fixed_dictionaries({}, optional={n: hostile.hostile_text for n in names}),
        upload=st.sampled_from([None, "\U0001d400" * 83 + ".pdf", "x" * 300 + ".pdf"]),
    )
    def attack(values, upload):
        client.force_login(user)
        data = dict(values)
        if upload and "file" in names:
            data["file"] = SimpleUploadedFile(upload, b"%PDF-1.4 x", "application/pdf")
        before = hostile.fingerprint()
        response = client.post(action, data)
        check(response, before, f"POST {action} as {user} with {str(values)[:200]}")

    return attack


@pytest.mark.timeout(TIMEOUT)
def test_every_api_operation_refuses_hostile_values_without_a_5xx_or_a_write(org, world):
    clients = {}
    for name in PERSONAS:
        clients[name] = APIClient()
        clients[name].force_login(getattr(org, name).user)
    clients["anonymous"] = APIClient()
    for each in clients.values():
        each.raise_request_exception = False  # a crash is a 500 to report, with the others
    failures = []
    for method, template, schema in hostile.api_operations():
        path = hostile.fill_path(clients["clerk"], template)

        try:
            api_attack(clients, method, path, schema)()
        except Exception as error:
            failures += first_lines(error)
    assert not failures, "\n".join(failures)


@pytest.mark.timeout(FORMS_TIMEOUT)
def test_every_form_refuses_hostile_values_without_a_5xx_or_a_write(org, world, client):
    client.raise_request_exception = False
    targets = {}
    for name in PERSONAS:
        client.force_login(getattr(org, name).user)
        for forms in hostile.crawl(client, world).values():
            for action, fields in forms:
                targets.setdefault((action, name), set()).update(fields)
        for route, fields in UNLINKED_FORMS.items():
            targets.setdefault((route.format(**ids(org)), name), set()).update(fields)
    failures = []
    for (action, who), fields in sorted(targets.items()):
        names = sorted(fields - {"csrfmiddlewaretoken"}) or ["id"]

        try:
            form_attack(client, getattr(org, who).user, action, names)()
        except Exception as error:
            failures += first_lines(error)
    assert not failures, "\n".join(failures)


# Searches that take their input in the query string (GET): the pickers' directory.
SEARCHES = {"/directory/people/": ("q", "page"), "/directory/units/": ("q",)}


@pytest.mark.parametrize(("path", "names"), sorted(SEARCHES.items()))
def test_the_directory_searches_refuse_hostile_query_values_without_a_5xx_or_a_write(
    org, client, path, names
):
    client.force_login(org.clerk.user)

    @HOSTILE
    @given(values=st.fixed_dictionaries({}, optional={n: hostile.hostile_text for n in names}))
    def attack(values):
        before = hostile.fingerprint()
        response = client.get(path, values)
        check(response, before, f"GET {path} with {values!r}")
        # A NUL or the like stops at the middleware, with its own page; the view says why.
        if response.status_code >= 400 and response["Content-Type"] == "application/json":
            assert response.json().get("detail"), f"GET {path}: no detail"

    attack()


def test_every_url_is_reached_by_the_hostile_value_tests(org, world, client):
    """A URL the crawl cannot reach is not attacked: add it to the world (or a page linking it)."""
    reached = {hostile.route_of(path) for _, path, _ in hostile.api_operations()}
    for name in PERSONAS:
        client.force_login(getattr(org, name).user)
        for page, forms in hostile.crawl(client, world).items():
            reached.add(hostile.route_of(page))
            reached |= {hostile.route_of(action) for action, _ in forms}
    reached |= {hostile.route_of(route.format(**ids(org))) for route in UNLINKED_FORMS}
    reached |= {hostile.route_of(path) for path in SEARCHES}
    missing = set(hostile.routes()) - reached - NOT_FORMS
    # Kinds the suite defines in its own apps (tests/toykind) exist only to prove the registry.
    for kind in registry.kinds():
        if kind.model._meta.app_config.name.startswith("tests."):
            missing = {route for route in missing if not route.startswith(f"{kind.slug}/")}
    assert not missing, f"routes no hostile-value test reaches: {sorted(missing)}"


# Routes that take no form input and are not API operations of the schema: what they do with
# a hostile value is their URL converter's business (a non-matching value is a 404).
NOT_FORMS = {"api/schema/", "api/docs/", "api/"}

# Forms the product has a route for but no page shows (yet): attacked all the same.
# (Adopting the previous minutes is offered on published minutes only; a token's revoke button
# only once a token exists; "create this year's measures" only for a year without them.)
UNLINKED_FORMS = {
    "/minutes/{april}/attachments/": {"file"},
    "/minutes/{april}/adopt-previous/": set(),
    "/me/tokens/0123456789abcdef/revoke/": set(),
    "/reports/measures/2590/start/": set(),
    "/me/line/unlink/": set(),
    "/line/webhook/": {"events"},  # LINE's own caller; unsigned, it is refused
    # A case's scores and later steps are offered once its agreement is agreed.
    "/evaluations/cases/{case}/scores/": {"note"},
    "/evaluations/cases/{case}/acknowledge/": {"note"},
    # The auditor's case timeline is a page of its own (opened from the audit search); a tag's
    # remove button only once a document is tagged (an unknown tag is a 404).
    "/audit/evaluation-cases/{case}/": set(),
    "/reports/tags/999999/remove/": set(),
    # A paper acknowledgement's scan is linked from the tracking page once one is recorded.
    "/circulars/{circular}/tracking/paper/999999/": set(),
    "/minutes/{april}/tracking/paper/999999/": set(),
}


def test_a_timeout_inside_one_example_ends_the_test_and_is_not_counted_as_a_refusal():
    """The walks catch each endpoint's failure and go on to the next; pytest-timeout's alarm in
    the middle of an example (the first call fails, its replay does not: Hypothesis reports it
    as flaky) must end the test, not become one endpoint's line while the rest run on."""
    calls = []

    @settings(HOSTILE, max_examples=1)
    @given(st.just("{}"))
    def cut_short(_body):
        calls.append(1)
        if len(calls) == 1:
            raise pytest.fail.Exception("Timeout (>300.0s) from pytest-timeout.")

    with pytest.raises(FlakyFailure) as caught:
        cut_short()
    with pytest.raises(pytest.fail.Exception, match="Timeout"):
        first_lines(caught.value)
    assert first_lines(ValueError("")) == ["ValueError('')"]  # an empty message is still a line


def evaluation_pages(org):
    """A round opened for the section (its people evaluated by the office's head), with the
    outsider on its committee: the round's and each case's pages."""
    from evaluations.services import rounds
    from tests.factories import criteria_draft
    from tests.hr_world import publish as publish_document

    criteria = publish_document(criteria_draft(org), org)
    round_, cases = rounds.round_open(
        by=org.clerk.user, criteria=criteria, unit=org.section, committee=[org.outsider]
    )
    pages = {"/evaluations/", f"/evaluations/rounds/{round_.pk}/"}
    return (
        pages
        | {f"/evaluations/rounds/{round_.pk}/announcement/"}
        | {f"/evaluations/cases/{case.pk}/" for case in cases}
    )


def ids(org):
    from circulars.models import Circular
    from evaluations.models import EvaluationCase
    from meetings.models import MeetingMinutes

    return {
        "circular": Circular.objects.latest("pk").pk,
        "april": MeetingMinutes.objects.filter(state="draft").latest("pk").pk,
        "case": EvaluationCase.objects.latest("pk").pk,
    }
