from django.db import migrations, models


class Migration(migrations.Migration):
    """Audit entries keep their message untranslated, with its values and the
    actor's role, so each reader sees them in her own language."""

    dependencies = [
        ("partner", "0009_partner_holiday_until_partner_on_holiday_account_and_more"),
    ]

    operations = [
        migrations.RenameField(model_name="auditentry", old_name="action", new_name="message"),
        migrations.AddField(
            model_name="auditentry",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_role",
            field=models.CharField(
                choices=[
                    ("facilitator", "facilitator"),
                    ("operator", "operator"),
                    ("other", "someone else"),
                ],
                default="other",
                max_length=20,
                verbose_name="role",
            ),
        ),
    ]
