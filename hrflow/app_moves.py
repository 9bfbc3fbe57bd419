"""Moving models from one app to another without touching their rows: the migrations of a move
(circulars/, meetings/, personnel/ out of workflows/) rename the models' content types, so
every GenericForeignKey (transition log, acknowledgements, comments), permission and
Acknowledgement row keeps pointing at the same documents under the same content-type ids."""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A RunPython that relabels the content types of `models` (lower-case model names) from
    `old_app` to `new_app`, and back when unapplied."""

    def relabel(apps, source, target):
        content_type = apps.get_model("contenttypes", "ContentType")
        permission = apps.get_model("auth", "Permission")
        for model in models:
            old = content_type.objects.filter(app_label=source, model=model).first()
            if old is None:
                continue  # an empty database: post_migrate creates the new one
            # A content type made for the new label by an earlier post_migrate has nothing
            # pointing at it but its default permissions; the old one, with the rows, wins.
            stale = content_type.objects.filter(app_label=target, model=model).first()
            if stale is not None:
                permission.objects.filter(content_type=stale).delete()
                stale.delete()
            old.app_label = target
            old.save(update_fields=["app_label"])

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, old_app, new_app),
        lambda apps, schema_editor: relabel(apps, new_app, old_app),
    )
