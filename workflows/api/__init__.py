"""The REST API of the documents: one set of views for every kind in workflows.models.KINDS."""
