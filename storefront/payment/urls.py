"""Payment URLs. Every route here must appear in tests/test_payment_access.py."""

from django.urls import path

from storefront.payment import views

app_name = "payment"

order = "<str:number>/<str:hash>"

urlpatterns = [
    path("stripe/webhook/", views.StripeWebhookView.as_view(), name="stripe-webhook"),
    path("bukti/<int:proof_id>/", views.ProofFileView.as_view(), name="proof-file"),
    path(f"{order}/bukti/", views.ProofUploadView.as_view(), name="proof-upload"),
    path(f"{order}/qris.png", views.QrisImageView.as_view(), name="qris-image"),
    path(f"{order}/kartu/", views.CardPayView.as_view(), name="card-pay"),
    path(f"{order}/kartu/selesai/", views.CardReturnView.as_view(), name="card-return"),
]
