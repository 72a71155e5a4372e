"""The "Mitra Program" group: programme partners who read the reports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_partner_group(apps, schema_editor):
    # Permissions are made after all migrations; this one is needed now.
    config = apps.get_app_config("programme")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Mitra Program")
    group.permissions.add(
        Permission.objects.get(
            codename="view_programme_report", content_type__app_label="programme"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_default_rubric"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_partner_group, migrations.RunPython.noop)]
