"""Dashboard product views: the product form knows who is editing, and
photo files (with their renditions) do not outlive their photos."""

from django.db import transaction
from django.db.models import Q
from oscar.apps.dashboard.catalogue import views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403  Oscar's fork convention
from oscar.core.loading import get_model

from catalog import photo_files

ProductImage = get_model("catalogue", "ProductImage")


def photo_names(product):
    """Stored file names of the photos of a product and of its variants."""
    return set(
        ProductImage.objects.filter(Q(product=product) | Q(product__parent=product)).values_list(
            "original", flat=True
        )
    )


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def forms_valid(self, form, formsets):
        """Save everything at once; files of photos deleted or replaced go
        after the save commits, files of new photos if it fails."""
        before = photo_names(self.object) if self.object is not None and self.object.pk else set()
        image_forms = formsets["image_formset"].forms
        try:
            with transaction.atomic():
                response = super().forms_valid(form, formsets)
                photo_files.discard_image_files(before - photo_names(self.object))
        except BaseException:
            self.remove_new_files(image_forms, keep=before)
            raise
        return response

    @staticmethod
    def remove_new_files(image_forms, keep):
        storage = ProductImage._meta.get_field("original").storage
        for image_form in image_forms:
            original = image_form.instance.original
            if "original" in image_form.changed_data and original and original.name not in keep:
                if getattr(original, "_committed", False):
                    storage.delete(original.name)
