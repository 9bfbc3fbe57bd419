"""What ITA assessors, citizens and their proxies get from the public pages: a meta description
on every page, /robots.txt, and pages that set no cookie, do not vary on Cookie and say how long
a shared cache may keep them. The language is in the address (?lang=en), kept by every link."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.public.test_pages import fy_of, item_url

pytestmark = pytest.mark.django_db


def public_pages(world):
    fy = fy_of(world.shown.circular)
    return [
        reverse("public:index"),
        reverse("public:year", args=[fy]),
        reverse("public:kind", args=[fy, "circulars"]),
        item_url(world.shown.circular),
        reverse("public:year", args=[2700]),  # an empty year
        reverse("public:item", args=[fy, "circulars", 999999]),  # a 404 page
    ]


def description(html):
    found = re.search(r'<meta name="description" content="([^"]*)">', html)
    return found.group(1).strip() if found else ""


def test_anonymous_public_pages_set_no_cookie_do_not_vary_on_it_and_may_be_cached(
    public_world, as_
):
    client = as_(None, lang="")
    for url in public_pages(public_world):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, (url, response.cookies)
        assert settings.CSRF_COOKIE_NAME not in client.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        vary = [v.strip().lower() for v in response.get("Vary", "").split(",")]
        assert "cookie" not in vary, (url, response.get("Vary"))
        assert response["Cache-Control"] == "public, max-age=300", url


def test_every_public_page_has_a_meta_description_of_its_own(public_world, as_):
    client = as_(None, lang="")
    seen = {}
    for url in public_pages(public_world)[:4]:
        text = description(client.get(url).content.decode())
        assert len(text) > 20, url
        seen[url] = text
    assert len(set(seen.values())) == len(seen)  # each page says what it is about
    assert public_world.shown.circular.title in seen[item_url(public_world.shown.circular)]


def test_staff_pages_have_a_meta_description(org, as_):
    for persona, url in ((None, reverse("login")), (org.employee, reverse("notifications:inbox"))):
        assert description(as_(persona).get(url).content.decode()), url


def test_robots_txt_lets_search_engines_into_the_public_pages_only(as_):
    response = as_(None).get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Allow: /public/", "Disallow: /"]
    assert not response.cookies and "public" in response["Cache-Control"]
    assert as_(None).post("/robots.txt").status_code == 405


def test_the_language_is_in_the_address_and_links_keep_it(public_world, as_):
    client = as_(None, lang="en")  # a language cookie does not change a public page
    thai = client.get(reverse("public:index")).content.decode()
    assert '<html lang="th">' in thai
    english = client.get(reverse("public:index") + "?lang=en").content.decode()
    assert '<html lang="en">' in english
    year = fy_of(public_world.shown.circular)
    assert f'href="{reverse("public:year", args=[year])}?lang=en"' in english
    assert 'href="?lang=th"' in english
    assert '<html lang="th">' in client.get(reverse("public:index") + "?lang=xx").content.decode()


def test_a_signed_in_visitor_gets_the_same_page_without_vary_cookie(public_world, org, as_):
    response = as_(org.employee).get(reverse("public:index"))
    assert response.status_code == 200 and not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == "public, max-age=300"
