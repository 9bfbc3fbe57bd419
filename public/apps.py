from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public evidence page")

    def ready(self):
        from workflows import registry as kinds

        from . import evaluation_results, registry
        from .documents import register_document_kinds

        register_document_kinds()
        evaluation_results.register()
        # Staff pages link to a document's public page through the engine's registry.
        kinds.install_public_page(
            document_url=registry.document_url, item_url=registry.item_url, kind=registry.kind
        )
