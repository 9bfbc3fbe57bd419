"""The published schema states each constraint the API was found enforcing without saying so
(the property test in tests/reliability/test_schema_conformance.py finds them; these pin each
one, fast and by name)."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from hrflow.validation import LAST_CE_YEAR


@pytest.fixture(scope="module")
def components():
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def prop(components, name, field):
    schema = components[name]["properties"][field]
    if "$ref" in schema:
        return {**schema, **components[schema["$ref"].rsplit("/", 1)[-1]]}
    if "allOf" in schema:
        return {**schema, **components[schema["allOf"][0]["$ref"].rsplit("/", 1)[-1]]}
    return schema


def test_an_action_item_states_that_owner_and_due_date_are_required(components):
    schema = components["ActionItemRequest"]
    assert {"owner", "due_date", "text"} <= set(schema["required"])
    assert not schema["properties"]["owner"].get("nullable")
    assert not schema["properties"]["due_date"].get("nullable")


@pytest.mark.parametrize(
    ("name", "field", "values"),
    [
        ("EvaluationCriteriaRequest", "employment_types", {"civil_servant", "contract"}),
        ("TransitionRequestRequest", "from_state", {"draft", "published"}),
    ],
)
def test_a_closed_set_of_values_is_an_enum(components, name, field, values):
    schema = prop(components, name, field)
    enum = prop({"x": {"properties": {"y": schema.get("items", schema)}}, **components}, "x", "y")
    assert values <= set(enum["enum"])


@pytest.mark.parametrize(
    ("name", "field"),
    [("CircularRequest", "audience"), ("MinutesRequest", "present")],
)
def test_a_list_that_may_not_be_empty_says_so(components, name, field):
    assert components[name]["properties"][field]["minItems"] == 1


def test_text_states_no_nul_and_not_blank_and_dates_their_calendar(components):
    title = components["CircularRequest"]["properties"]["title"]
    assert re.search(title["pattern"], "เรื่อง") and not re.search(title["pattern"], " \t\x1c")
    assert not re.search(title["pattern"], "a\x00")
    body = components["CircularRequest"]["properties"]["body"]
    body = body.get("oneOf", [body])[0]  # or blank: "" (drf-spectacular's way to say so)
    assert re.search(body["pattern"], "") and not re.search(body["pattern"], "a\x00")
    name = components["EvaluationCriteriaRequest"]["properties"]["components"]["items"]
    assert name["properties"]["name"]["pattern"] == title["pattern"]
    date = components["MinutesRequest"]["properties"]["meeting_date"]
    assert re.search(date["pattern"], "2026-10-05") and not re.search(date["pattern"], "2569-10-05")
    last = f"{LAST_CE_YEAR:04d}-12-31"
    assert re.search(date["pattern"], last)
    assert not re.search(date["pattern"], f"{LAST_CE_YEAR + 1}-01-01")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("ProgressRequest", "note"),  # required unless close
        ("HandleRequest", "outcome"),  # required unless minutes
        ("MinutesRequest", "end_time"),  # after the start
        ("MinutesRequest", "meeting_date"),  # in the Common Era
        ("EvaluationCriteriaRequest", "deadline"),  # not before today
        ("PositionDescriptionRequest", "deadline"),
        ("PositionDescriptionRequest", "title"),  # something visible
        ("ActionItemRequest", "due_date"),  # not before the meeting
    ],
)
def test_a_business_rule_is_described_on_its_field(components, name, field):
    assert components[name]["properties"][field].get("description")


def test_pages_count_from_one():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    page = next(
        p for p in schema["paths"]["/api/circulars/"]["get"]["parameters"] if p["name"] == "page"
    )
    assert page["schema"]["minimum"] == 1
