"""The field study's rubric (programme.default_rubric), version 1."""

from django.db import migrations


def create_default_rubric(apps, schema_editor):
    from programme import default_rubric, rubrics

    Rubric = apps.get_model("programme", "Rubric")
    RubricVersion = apps.get_model("programme", "RubricVersion")
    if Rubric.objects.exists():
        return
    variables, bands = default_rubric.raw_variables(), default_rubric.raw_bands()
    rubric = Rubric.objects.create(
        name=default_rubric.NAME,
        description=default_rubric.DESCRIPTION,
        variables=variables,
        bands=bands,
    )
    RubricVersion.objects.create(
        rubric=rubric, number=1, definition=rubrics.definition_from_raw(variables, bands)
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(create_default_rubric, migrations.RunPython.noop)]
