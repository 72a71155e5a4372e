"""A GIN index on the search index's title || body, on PostgreSQL.

Wagtail's PostgreSQL search backend matches `(title || body) @@ query`,
while its own migrations index title and body apart, which that expression
cannot use: every search read the vector of every indexed product (77 ms
for a common word at 100,000 products, bench/scale.py). This index is on
the very expression the backend writes.
"""

from django.db import migrations

INDEX = "catalogue_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            'USING GIN (("title" || "body"))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0034_product_deleted_at"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
