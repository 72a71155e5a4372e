"""Dashboard product forms: who sells the product and how it is made, and
product photos through the photo pipeline."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_model
from oscar.forms.widgets import ImageInput

from vendors import photos

Partner = get_model("partner", "Partner")


class ProductForm(oscar_forms.ProductForm):
    class Meta(oscar_forms.ProductForm.Meta):
        fields = [
            "title",
            "upc",
            "producer",
            "fulfilment",
            "lead_time_days",
            "weekly_capacity",
            "description",
            "is_public",
            "is_discountable",
            "structure",
            "slug",
            "meta_title",
            "meta_description",
        ]

    def __init__(self, product_class, *args, user=None, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        if "producer" not in self.fields:
            return
        producers = Partner.objects.order_by("name")
        if user is not None and not user.is_staff:
            # A producer can only list products as herself.
            producers = producers.filter(users=user)
            if producers.count() == 1 and not self.instance.producer_id:
                self.initial.setdefault("producer", producers.get().pk)
        self.fields["producer"].queryset = producers
        self.fields["producer"].required = not self.instance.is_parent
        self.fields["producer"].empty_label = _("Choose a producer")


class PhotoInput(ImageInput):
    """Oscar's image widget, which must not try to thumbnail a rejected upload
    when the form is shown again with its errors."""

    def get_context(self, name, value, attrs):
        if isinstance(value, UploadedFile):
            value = None
        return super().get_context(name, value, attrs)


class ProductImageForm(oscar_forms.ProductImageForm):
    """A product photo uploaded in the dashboard goes through the same photo
    pipeline as the producer portal (vendors.photos.process_upload): stored
    upright, at most 2000 px, as a JPEG without EXIF, GPS or any other
    metadata. A file it rejects is a form error with its clear message."""

    class Meta(oscar_forms.ProductImageForm.Meta):
        # A plain file field: the pipeline decides what a photo is, with its
        # own messages and pixel limits, before anything else decodes it.
        field_classes = {"original": forms.FileField}
        widgets = {**oscar_forms.ProductImageForm.Meta.widgets, "original": PhotoInput()}

    def clean_original(self):
        original = self.cleaned_data.get("original")
        if not isinstance(original, UploadedFile):
            return original  # unchanged (the stored file) or nothing
        try:
            return photos.process_upload(original)
        except photos.PhotoRejected as error:
            raise ValidationError(error.message, code=error.code) from None
