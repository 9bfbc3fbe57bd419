"""The REST API of the documents: one set of views for every registered kind with an `api`."""
