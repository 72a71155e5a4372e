from django.db import migrations, models

# The portal's literal first path segments when this migration was written
# (vendors.access.portal_reserved_codes reads them from the URL patterns).
RESERVED = ["masuk", "keluar", "reset"]


def move_codes_off_portal_paths(apps, schema_editor):
    """A producer whose code is a portal path (masuk, keluar, reset) could not
    reach her shop in the portal: give her the first free "code-2"..."""
    Partner = apps.get_model("partner", "Partner")
    for partner in Partner.objects.filter(code__in=RESERVED):
        number = 2
        while Partner.objects.filter(code=f"{partner.code}-{number}").exists():
            number += 1
        Partner.objects.filter(pk=partner.pk).update(code=f"{partner.code}-{number}")


class Migration(migrations.Migration):
    """Wrong reset codes are counted on the code itself, in the database,
    so every server process sees the same count; and producer codes keep
    off the portal's own paths."""

    dependencies = [
        ("partner", "0010_auditentry_message_params_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="resetcode",
            name="wrong_tries",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(move_codes_off_portal_paths, migrations.RunPython.noop),
    ]
