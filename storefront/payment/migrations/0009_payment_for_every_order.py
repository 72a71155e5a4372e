"""Orders placed before every order had a Payment (cash on delivery ones)
get one, so the payment services never meet an order without."""

from django.db import migrations


def add_missing_payments(apps, schema_editor):
    Order = apps.get_model("order", "Order")
    Payment = apps.get_model("payment", "Payment")
    for order in Order.objects.filter(payment__isnull=True, total_incl_tax__gt=0):
        source = order.sources.select_related("source_type").first()
        method = source.source_type.code if source and source.source_type.code else "cod"
        paid = source is not None and source.amount_debited >= source.amount_allocated
        Payment.objects.create(
            order=order,
            method=method,
            amount_due=order.total_incl_tax,
            status="cancelled" if order.status == "Cancelled" else ("paid" if paid else "awaiting"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payment", "0008_payment_methods"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
    ]

    operations = [migrations.RunPython(add_missing_payments, migrations.RunPython.noop)]
