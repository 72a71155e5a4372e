"""Forms of the producer portal's product screens.

Short, phone-sized forms: photos first, then name, price, category and a
few words, then stock or made to order. Money is whole rupiah.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from oscar.core.loading import get_model

from vendors import photos

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

MIN_PRICE = 100
MAX_PRICE = 1_000_000_000
MAX_PHOTOS = 8
MAX_LEAD_TIME_DAYS = 60
MAX_STOCK = 100_000
MAX_WEEKLY_CAPACITY = 10_000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """One or several files; each is checked by the photo pipeline in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        # An empty file gets the pipeline's own message (what to do next).
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class PhotoUploadForm(forms.Form):
    """Screen 1 (and "add photos"): every file goes through the photo
    pipeline; one bad file rejects the whole upload so nothing half-saves."""

    photos = MultiplePhotoField(
        label=gettext_lazy("Photos"),
        help_text=gettext_lazy(
            "Take photos or choose them from your gallery. You can pick several."
        ),
        error_messages={"required": gettext_lazy("Choose at least one photo.")},
    )

    def __init__(self, *args, existing=0, **kwargs):
        self.existing = existing
        super().__init__(*args, **kwargs)

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        if self.existing + len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("A product can have at most %(max)d photos.") % {"max": MAX_PHOTOS}
            )
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(photos.process_upload(upload))
            except photos.PhotoRejected as error:
                errors.append(
                    ValidationError(
                        _("%(file)s: %(reason)s") % {"file": upload.name, "reason": error.message}
                    )
                )
        if errors:
            raise ValidationError(errors)
        return processed


class RupiahField(forms.IntegerField):
    """Whole rupiah; accepts what people type: "25000", "25.000", "Rp 25.000"."""

    default_error_messages = {
        "invalid": gettext_lazy("Write the price in whole rupiah, for example 25000."),
        "min_value": gettext_lazy("The price must be at least Rp %(limit_value)s."),
        "max_value": gettext_lazy("The price is too high."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_PRICE)
        kwargs.setdefault("max_value", MAX_PRICE)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)^\s*rp\.?", "", value)
            value = value.replace(" ", "").replace(".", "")
        return super().to_python(value)


def price_widget():
    # A plain text box: a number input would refuse "25.000".
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


def root_categories():
    """The top categories shoppers can browse (hidden ones are not offered)."""
    return Category.objects.filter(depth=1, is_public=True).order_by("path")


class DetailsForm(forms.Form):
    """Screen 2: name, price, category, short description."""

    title = forms.CharField(
        label=gettext_lazy("Product name"),
        max_length=120,
        error_messages={"required": gettext_lazy("Give the product a name.")},
    )
    price = RupiahField(
        label=gettext_lazy("Price (Rp)"),
        widget=price_widget(),
        help_text=gettext_lazy("Whole rupiah, for example 25000."),
        error_messages={"required": gettext_lazy("Write the price.")},
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={"required": gettext_lazy("Choose a category.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Short description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What is it made of, how big, how does it taste?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = root_categories()

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class StockForm(forms.Form):
    """Screen 3: ready stock with a quantity, or made to order with a lead time."""

    fulfilment = forms.ChoiceField(
        label=gettext_lazy("How do you sell it?"),
        choices=Product.Fulfilment.choices,
        widget=forms.RadioSelect,
        initial=Product.Fulfilment.IN_STOCK,
    )
    num_in_stock = forms.IntegerField(
        label=gettext_lazy("How many are ready?"),
        required=False,
        min_value=0,
        max_value=MAX_STOCK,
        error_messages={
            "invalid": gettext_lazy("Write a whole number, 0 or more."),
            "min_value": gettext_lazy("Write a whole number, 0 or more."),
        },
    )
    lead_time_days = forms.IntegerField(
        label=gettext_lazy("Days needed to make it"),
        required=False,
        min_value=1,
        max_value=MAX_LEAD_TIME_DAYS,
        error_messages={
            "invalid": gettext_lazy("Write a number of days from 1 to 60."),
            "min_value": gettext_lazy("Write a number of days from 1 to 60."),
            "max_value": gettext_lazy("Write a number of days from 1 to 60."),
        },
    )
    weekly_capacity = forms.IntegerField(
        label=gettext_lazy("How many can you make in a week? (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_WEEKLY_CAPACITY,
        help_text=gettext_lazy("Leave empty for no limit."),
        error_messages={"min_value": gettext_lazy("Write 1 or more, or leave it empty.")},
    )

    def __init__(self, *args, reserved=0, **kwargs):
        super().__init__(*args, **kwargs)
        if reserved:
            # The box holds everything on her shelf, reserved goods included.
            self.fields["num_in_stock"].help_text = ngettext(
                "Count everything on your shelf, including the %(count)d reserved for "
                "an order not sent yet.",
                "Count everything on your shelf, including the %(count)d reserved for "
                "orders not sent yet.",
                reserved,
            ) % {"count": reserved}

    def clean(self):
        data = super().clean()
        if data.get("fulfilment") == Product.Fulfilment.IN_STOCK:
            if data.get("num_in_stock") is None and "num_in_stock" not in self.errors:
                self.add_error("num_in_stock", _("Write how many are ready (0 or more)."))
        elif data.get("fulfilment") == Product.Fulfilment.MADE_TO_ORDER:
            if data.get("lead_time_days") is None and "lead_time_days" not in self.errors:
                self.add_error("lead_time_days", _("Write a number of days from 1 to 60."))
        return data


class ProductEditForm(DetailsForm, StockForm):
    """Everything of screens 2 and 3 on one page."""


class QuickStockForm(forms.Form):
    """The number on her shelf, reserved goods included (the list's quick box)."""

    num_in_stock = forms.IntegerField(
        label=gettext_lazy("On the shelf, reserved included"),
        min_value=0,
        max_value=MAX_STOCK,
        error_messages={
            "required": gettext_lazy("Write a whole number, 0 or more."),
            "invalid": gettext_lazy("Write a whole number, 0 or more."),
            "min_value": gettext_lazy("Write a whole number, 0 or more."),
        },
    )


class QuickPriceForm(forms.Form):
    price = RupiahField(
        label=gettext_lazy("Price (Rp)"),
        widget=price_widget(),
        error_messages={"required": gettext_lazy("Write the price.")},
    )


class PhotoActionForm(forms.Form):
    """A change to one photo of the product: make it the main one, move it
    up or down, or delete it. Any other photo id (or no number at all) is
    not valid; ``next`` is where to go afterwards (checked by the view)."""

    ACTIONS = ("main", "up", "down", "delete")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    image = forms.ModelChoiceField(queryset=ProductImage.objects.none())
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].queryset = product.images.all()


def error_text(form):
    """All errors of a small form as one line for a message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
