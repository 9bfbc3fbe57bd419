"""The OpenAPI schema states what the API enforces, so a client generated from it works.

For every operation with a request body or parameters, data the published schema allows
(hypothesis-jsonschema over drf-spectacular's own schema, ids swapped for rows of the seeded
world, since a schema cannot know which rows exist) is sent as each persona. The property: never
a 5xx, and a 400 is a business rule the schema describes: its fields have a `description` (or
the body's or operation's description names them), and it carries none of DRF's own messages
(a length, range, enum, format, type or required field the schema left out). `make test` runs a
few examples per operation; `make chaos` (HRFLOW_CHAOS_FULL=1) many.
"""

import json
import math
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from rest_framework import fields, relations, serializers
from rest_framework.test import APIClient

from hrflow.models import Department, Employee, Position
from meetings.models import MeetingMinutes, MeetingSeries
from tests.reliability import test_hostile_values as hostile_values

pytestmark = [pytest.mark.chaos, pytest.mark.django_db]

world = hostile_values.world
media = hostile_values.media

# What a JSON Schema validator and generator understand of an OpenAPI 3.0 schema object; the
# rest (titles, descriptions, readOnly, int64 …) describes and does not constrain.
KEYWORDS = {
    "type", "items", "required", "enum", "format", "pattern", "minItems", "maxItems",
    "minLength", "maxLength", "minimum", "maximum", "multipleOf", "allOf", "anyOf", "oneOf",
}  # fmt: skip
STRING_FORMATS = {"date", "date-time", "time", "email", "uri", "uuid"}


def json_schema(node, components):
    """OpenAPI 3.0 → JSON Schema: references resolved, `nullable` as a null alternative, and
    no properties beyond the declared ones (DRF ignores them; generating them tests nothing)."""
    if isinstance(node, list):
        return [json_schema(each, components) for each in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return json_schema(components[node["$ref"].rsplit("/", 1)[-1]], components)
    out = {key: json_schema(value, components) for key, value in node.items() if key in KEYWORDS}
    if "properties" in node:
        out["properties"] = {
            name: json_schema(value, components) for name, value in node["properties"].items()
        }
        out["additionalProperties"] = False
    if out.get("format") not in STRING_FORMATS or out.get("type") != "string":
        out.pop("format", None)
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def operations():
    """(method, path, parameters, body schema, property descriptions) of every operation
    with a request body or parameters."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = operation.get("parameters", [])
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if not parameters and not body:
                continue
            described = {}
            if body:
                raw = components[body["$ref"].rsplit("/", 1)[-1]] if "$ref" in body else body
                described = {
                    name: bool(prop.get("description"))
                    for name, prop in raw.get("properties", {}).items()
                }
                # A rule across fields, under a name of its own, is described with the body
                # (or the operation, below).
                described[None] = raw.get("description", "").lower()
                body = json_schema(body, components)
            described[None] = (
                described.get(None, "") + " " + operation.get("description", "").lower()
            )
            yield method.upper(), path, parameters, body, described


ANY_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))


def allowed(schema):
    """Values `schema` allows. Objects and lists are built here: hypothesis-jsonschema's object
    strategy uses a Hypothesis internal that newer Hypothesis changed; its leaves are fine."""
    if "anyOf" in schema:
        return st.one_of([allowed(each) for each in schema["anyOf"]])
    if "properties" in schema:
        required = set(schema.get("required", ()))
        properties = {name: allowed(each) for name, each in schema["properties"].items()}
        return st.fixed_dictionaries(
            {name: each for name, each in properties.items() if name in required},
            optional={name: each for name, each in properties.items() if name not in required},
        )
    if schema.get("type") == "object":  # a free mapping (DictField): keys of text, any values
        values = schema.get("additionalProperties")
        return st.dictionaries(
            st.text(max_size=8),
            allowed(values) if isinstance(values, dict) and values else ANY_LEAF,
            max_size=3,
        )
    if schema.get("type") == "array":
        return st.lists(
            allowed(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 4), 4),
        )
    if schema.get("type") == "number" and "multipleOf" in schema:
        # A multiple of 0.01 as a person writes it (0.29), not as float arithmetic makes it.
        step = Decimal(str(schema["multipleOf"]))
        low = math.ceil(Decimal(str(schema.get("minimum", -(10**6)))) / step)
        high = math.floor(Decimal(str(schema.get("maximum", 10**6))) / step)
        return st.integers(low, high).map(lambda n: float(n * step))
    return from_schema(schema)


def builtin_refusals():
    """DRF's own error messages, as patterns: DRF refusing data the schema allows means a
    constraint of a field that the schema does not state (an id that does not exist aside)."""
    texts = set()
    for module in (fields, relations, serializers):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, fields.Field):
                for key, text in value.default_error_messages.items():
                    if key != "does_not_exist":
                        texts.add(str(text))
    texts.add(str(ProhibitNullCharactersValidator.message))
    parts = [re.sub(r"\\\{\w+\\\}", ".*", re.escape(text)) for text in texts if len(text) > 8]
    return re.compile("|".join(parts))


def existing_ids():
    """The rows an id field of the API names, by field name."""
    employees = list(Employee.objects.values_list("pk", flat=True))
    return {
        "employee": employees,
        "owner": employees,
        "raised_by": employees,
        "chair": employees,
        "present": employees,
        "guests": employees,
        "unit": list(Department.objects.values_list("pk", flat=True)),
        "position": list(Position.objects.values_list("pk", flat=True)),
        "series": list(MeetingSeries.objects.values_list("pk", flat=True)),
        "minutes": list(MeetingMinutes.objects.values_list("pk", flat=True)),
    }


AUDIENCE_IDS = {"unit": "unit", "position": "position", "person": "employee"}


def with_real_ids(draw, value, ids, field=None):
    """`value` with every integer under an id field replaced by an existing row's id."""
    if isinstance(value, dict):
        out = {key: with_real_ids(draw, each, ids, key) for key, each in value.items()}
        if "kind" in out and "id" in out and out["kind"] in AUDIENCE_IDS:  # an audience target
            out["id"] = draw(st.sampled_from(ids[AUDIENCE_IDS[out["kind"]]]))
        return out
    if isinstance(value, list):
        return [with_real_ids(draw, each, ids, field) for each in value]
    if isinstance(value, int) and not isinstance(value, bool) and ids.get(field):
        return draw(st.sampled_from(ids[field]))
    return value


def parameter_values(parameters):
    """A strategy for the query parameters the schema allows (path ones are filled for real)."""
    query = {p["name"]: json_schema(p["schema"], {}) for p in parameters if p["in"] == "query"}
    return st.fixed_dictionaries(
        {}, optional={name: allowed(schema) for name, schema in query.items()}
    )


def unstated(response, described, refusals):
    """What a 400 refused that the schema does not state or describe (nothing: the 400 is a
    business rule the schema describes)."""
    errors = response.json()
    problems = [
        f"{key}: no rule described"
        for key in errors
        if key not in {"detail", "non_field_errors"}
        and not described.get(key)
        and key.lower() not in described.get(None, "")
    ]
    builtin = refusals.search(errors.get("detail", ""))
    if builtin:
        problems.append(f"DRF's own check “{builtin.group(0)}”")
    return problems


def conform(clients, ids, refusals, method, path, parameters, body, described):
    @hostile_values.HOSTILE
    @given(
        who=st.sampled_from(sorted(clients)),
        query=parameter_values(parameters),
        data=st.data(),
    )
    def attempt(who, query, data):
        sent = with_real_ids(data.draw, data.draw(allowed(body)), ids) if body else None
        target = path + ("?" + urlencode(query) if query else "")
        response = clients[who].generic(
            method, target, json.dumps(sent) if body else "", content_type="application/json"
        )
        where = f"{method} {target} as {who} with {json.dumps(sent, ensure_ascii=False)[:300]}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        if response.status_code == 400:
            problems = unstated(response, described, refusals)
            assert not problems, f"{where}: a 400 the schema does not explain: {problems}"

    return attempt


@pytest.mark.timeout(hostile_values.TIMEOUT)
def test_data_the_schema_allows_is_refused_only_for_a_rule_the_schema_describes(org, world):
    clients = {}
    for name in hostile_values.PERSONAS:
        clients[name] = APIClient()
        clients[name].force_login(getattr(org, name).user)
    for each in clients.values():
        each.raise_request_exception = False  # a crash is a 500 to report, with the others
    ids, refusals = existing_ids(), builtin_refusals()
    failures = []
    for method, template, parameters, body, described in operations():
        path = hostile_values.hostile.fill_path(clients["clerk"], template)
        try:
            conform(clients, ids, refusals, method, path, parameters, body, described)()
        except Exception as error:
            failures += [f"{method} {path}: {line}" for line in hostile_values.first_lines(error)]
    assert not failures, "\n".join(failures)
