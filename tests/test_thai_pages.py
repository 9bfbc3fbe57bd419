"""Every page speaks Thai: the route walk of test_get_never_writes, in Thai, for each demo login.
A page fails when its visible text holds an English catalogue text that has a Thai translation
(a string shown without gettext, or with the wrong one) or a raw state code ("in_review",
"published" …) where its label belongs."""

import gettext
import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_fsm import FSMFieldMixin

from tests.test_get_never_writes import Links, filled, route_of, routes

pytestmark = pytest.mark.django_db

# The clerk sees every kind's pages and forms, the employee the inbox and acknowledgements, the
# auditor the audit pages, nobody signed in the public ones (the executive's are the clerk's).
LOGINS = ("clerk", "employee", "auditor", None)
# The admin is Django's own pages (Django's catalogue); the API and exports are no pages.
# The toy kind is the suite's own, in English on purpose.
SKIPPED = ("/admin/", "/api/", "/i18n/", "/logout/", "/toy-notes/")
FILES = re.compile(r"\.(pdf|csv|xlsx|docx)$|/export|/(files|attachments)/\d")
ADDRESSES = re.compile(r"(https?://|/)[\w./?=&%#-]+")
MO = settings.BASE_DIR / "locale/th/LC_MESSAGES/django.mo"
# English texts that are the same word in a Thai page: names and the language switcher's own
# names of the languages (each language is named in itself).
SAME_IN_THAI = {"HRFlow", "LINE", "English", "API", "CSV", "PDF", "XLSX", "DOCX", "ITA", "OK"}


class VisibleText(HTMLParser):
    """The text a person sees: text nodes outside script and style, and the labels of controls
    (placeholder, aria-label, title, an input's shown value on a button)."""

    SHOWN_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        values = dict(attrs)
        self.parts += [values[name] for name in self.SHOWN_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in {"submit", "button"}:
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data)

    def lines(self):
        return [" ".join(part.split()) for part in self.parts if part.strip()]


def translated_msgids():
    """The catalogue's English texts that have a different Thai text, as one pattern: each
    matched as whole words, a placeholder standing for any short text."""
    with MO.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    texts = set()
    for key, thai in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04")[-1]  # the context of pgettext
        if (
            not msgid
            or msgid == thai
            or msgid in SAME_IN_THAI
            or not re.search("[A-Za-z]{2}", msgid)
        ):
            continue
        texts.add(" ".join(msgid.split()))
    pieces = []
    for text in sorted(texts, key=len, reverse=True):
        pattern = re.escape(text)
        pattern = re.sub(r"%\\\(\w+\\\)[sdf]|%[sd]", ".{1,80}?", pattern)
        pieces.append(pattern)
    return re.compile(r"(?<![A-Za-z_])(?:" + "|".join(pieces) + r")(?![A-Za-z_])")


def state_codes():
    """Every state value of every state machine, and every status code with choices."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            machine = isinstance(field, FSMFieldMixin)
            if machine or (getattr(field, "name", "") in {"state", "status"} and field.choices):
                codes |= {str(value) for value, _label in field.choices}
    return re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, codes))) + r")(?![\w-])")


def findings(html, english, codes) -> list[str]:
    text = VisibleText()
    text.feed(html)
    found = []
    for line in (ADDRESSES.sub(" ", line) for line in text.lines()):
        found += [f"English “{match.group(0)}”" for match in english.finditer(line)]
        found += [f"state code “{m.group(0)}” in “{line[:80]}”" for m in codes.finditer(line)]
    return found


def test_the_check_sees_english_catalogue_texts_and_state_codes_but_not_thai_or_addresses():
    english, codes = translated_msgids(), state_codes()
    page = (
        "<p>Acknowledge by 20 ธันวาคม 2569</p><span class='badge state-in_review'>in_review</span>"
        "<a href='/circulars/?state=draft'>https://example.org/public/2569/</a>"
        "<script>var x = 'Acknowledge';</script><p>รับทราบภายใน</p>"
    )
    assert findings(page, english, codes) == [
        "English “Acknowledge by”",
        "state code “in_review” in “in_review”",
    ]


def test_every_page_shows_thai_and_no_catalogue_english_or_state_codes():
    # As `manage.py seed_demo` runs: in the agency's language, whatever an earlier test of the
    # same process left active (the notes the services write are stored in it).
    with translation.override(settings.LANGUAGE_CODE):
        call_command("seed_demo", stdout=io.StringIO())
    english, codes = translated_msgids(), state_codes()
    found = defaultdict(set)  # what was seen → the first few addresses it was seen on
    pages = 0
    for login in LOGINS:
        client = Client(HTTP_ACCEPT_LANGUAGE="th")
        if login:
            client.force_login(apps.get_model("auth.User").objects.get(username=login))
        queue = [a for route in sorted(set(routes())) for a in filled(route)]
        tried, per_route = set(), defaultdict(int)
        while queue:
            address = queue.pop(0)
            route = route_of(address)
            if address in tried or route is None or per_route[route] >= 1:
                continue
            if address.startswith(SKIPPED) or FILES.search(address.split("?")[0]):
                continue
            tried.add(address)
            per_route[route] += 1
            response = client.get(address)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            for what in findings(html, english, codes):
                found[what].add(address)
            links = Links()
            links.feed(html)
            queue.extend(link for link in links.found if link not in tried)
    assert pages > 40, f"the walk saw only {pages} pages"
    report = "\n".join(f"{what}: {sorted(where)[:3]}" for what, where in sorted(found.items()))
    assert not found, f"untranslated or raw texts on Thai pages:\n{report}"
