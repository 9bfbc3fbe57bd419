"""A toy kind of document, installed only for the tests (tests/settings.py): it proves that a
kind's own app (model, migration, kinds.py, form, serializer, template) is all it takes for the
generic pages, API, auditor and public page to serve it (tests/workflows/test_registry.py)."""
