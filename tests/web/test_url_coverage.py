"""Every URL has an access test for every role. This file keeps that true as URLs are added:
a new URL fails here until a table of expected statuses per role covers it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.api import test_access_hr as api_hr
from tests.api import test_minutes_access as api_minutes
from tests.api.test_access import MATRIX
from tests.evaluations.test_api_access import URLS as evaluation_api
from tests.evaluations.test_page_forms import PAGES as evaluation_page_forms
from tests.evaluations.test_pages import PAGES as evaluation_pages
from tests.meetings import minutes_world
from tests.reports.test_access import GET as reports_get
from tests.reports.test_access import POST as reports_post
from tests.web import test_access_hr as web_hr
from tests.web import test_minutes_access as web_minutes
from tests.web.test_access import GET_STATUS, POST_STATUS, post_target

# URLs whose per-role behaviour is tested outside the two big tables, and where.
TESTED_ELSEWHERE = {
    "login": "tests/web/test_access.py::test_the_login_page_is_the_only_page_…",
    "logout": "tests/web/test_base.py::test_logging_out_is_a_post_…",
    "set_language": "tests/web/test_base.py::test_the_language_switch_…",
    "api-token": "tests/api/test_auth.py",
    # Everyone's own tokens, for every persona: tests/api/test_tokens.py.
    **{
        name: "tests/api/test_tokens.py::test_each_person_sees_and_revokes_only_their_own_…"
        for name in ("my-tokens", "my-token-revoke", "api-logout", "api-my-tokens", "api-my-token")
    },
    "api-docs": "tests/api/test_auth.py::test_the_schema_and_the_docs_…",
    # The pickers' directory search, for every role and nobody: tests/web/test_directory.py.
    "staff-search": "tests/web/test_directory.py::test_every_signed_in_role_may_search_…",
    "unit-search": "tests/web/test_directory.py::test_every_signed_in_role_may_search_…",
    # One's own work queue, for every role and nobody: tests/hrflow/test_workqueue.py.
    "work": "tests/hrflow/test_workqueue.py::test_every_role_opens_its_own_work_page_…",
    # The case as the Thai form, for every role and relation: tests/evaluations/test_form.py.
    "evaluations:case-form-docx": "tests/evaluations/test_form.py::test_the_docx_form_is_for_…",
    "evaluations:case-form-pdf": "tests/evaluations/test_form.py::test_the_docx_form_is_for_…",
    "robots-txt": "tests/public/test_caching.py::test_robots_txt_lets_search_engines_into_…",
    # One's own LINE link, for every persona, and LINE's webhook: tests/notifications/test_line.py.
    **{
        name: "tests/notifications/test_line.py::test_each_role_reaches_only_its_own_line_link"
        for name in (
            "notifications:my-line",
            "notifications:my-line-code",
            "notifications:my-line-unlink",
            "notifications:line-webhook",
            "api-me-line",
        )
    },
    # The reports app's own table: every name in it is asked for by every role.
    **{f"reports:{name}": "tests/reports/test_access.py" for name in (*reports_get, *reports_post)},
    # The public evidence page: the same for every role, signed in or not.
    **{
        f"public:{name}": "tests/public/test_pages.py::test_every_role_gets_the_same_public_…"
        for name in ("index", "year", "kind", "item", "download", "file")
    },
    # The Django admin as a whole: tests/hrflow/test_admin.py (admin role only, for every page).
}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def api_table_names():
    rows = [*MATRIX, *api_hr.MATRIX]
    names = {resolve(path.format(draft=1, published=2, ack=3)).view_name for _, path, *_ in rows}
    ids = {"draft": 1, "published": 2, "action": 3, "suggestion": 4}
    names |= {resolve(path.format(**ids)).view_name for _, path, *_ in api_minutes.MATRIX}
    return names


@pytest.fixture
def web_table_names(org, world):
    names = {resolve(world[page].split("?")[0]).view_name for page in GET_STATUS}
    for page in POST_STATUS:
        names.add(resolve(post_target(page, world, org)[0]).view_name)
    names.update(resolve(url.split("?")[0]).view_name for url in web_hr.all_urls(org))
    minutes = minutes_world(org)
    names |= {resolve(url).view_name for url in web_minutes.pages(minutes).values()}
    for page in web_minutes.POST_STATUS:
        names.add(resolve(web_minutes.post_target(page, minutes)[0]).view_name)
    return names


def evaluation_table_names():
    """tests/evaluations: every page and API URL × role and relation."""
    rows = (*evaluation_api, *evaluation_pages, *evaluation_page_forms)
    return {resolve(url.format(round=1, case=2)).view_name for _method, url, *_ in rows}


def suite_kind_urls():
    """The URLs of kinds the test suite defines in its own apps (tests/toykind): they exist
    only under tests/settings.py, to prove the engine serves a kind from its registration."""
    from workflows import registry

    names = set()
    for kind in registry.kinds():
        if kind.model._meta.app_config.name.startswith("tests."):
            names |= (
                {kind.pages.url_name(page) for page in kind.pages.names} if kind.pages else set()
            )
            names |= {name for name in url_names() if name.startswith(f"api-{kind.slug}-")}
    return names


def test_every_named_url_is_in_an_access_table_for_every_role(web_table_names):
    uncovered = set(url_names()) - web_table_names - api_table_names() - set(TESTED_ELSEWHERE)
    uncovered -= suite_kind_urls() | evaluation_table_names()
    assert not uncovered, f"URLs without an access test per role: {sorted(uncovered)}"


def test_the_admin_is_covered_by_its_own_role_tests():
    from tests.hrflow import test_admin

    assert hasattr(test_admin, "test_staff_without_the_admin_role_are_sent_to_the_admin_login")
