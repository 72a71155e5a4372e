"""A card's last failure is stored as Stripe's short code, translated for
whoever reads it, rather than as a sentence in one language."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payment", "0009_payment_for_every_order"),
    ]

    operations = [
        migrations.RemoveField(model_name="payment", name="failure_message"),
        migrations.AddField(
            model_name="payment",
            name="failure_code",
            field=models.CharField(blank=True, max_length=40, verbose_name="last failure"),
        ),
    ]
