"""A bank transfer becomes one kind of Payment: every order gets one."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("payment", "0006_banktransfer"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="banktransfer", name="unique_awaiting_transfer_amount"
        ),
        migrations.RemoveConstraint(model_name="banktransfer", name="transfer_code_three_digits"),
        migrations.RenameModel(old_name="BankTransfer", new_name="Payment"),
    ]
