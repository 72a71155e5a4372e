"""Forms for a producer's public profile and her shop's holiday switch.

The profile publishes a village, never a home address, and each contact is
public only when she ticks it.

Village and group also decide which facilitators may act for her
(vendors.access.managed_producers). In the portal they are chosen once, while
still empty (onboarding); after that they are read-only there and only shop
operators change them, in the dashboard or the CMS."""

import re

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from regions.models import Village
from vendors import phones
from vendors.models.formality import (
    FORMALITY_FIELDS,  # private, never shown to shoppers
    digits,
)
from vendors.photos import PhotoRejected, process_upload
from vendors.strategy import current_holiday

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
Category = get_model("catalogue", "Category")

INSTAGRAM_RE = re.compile(r"^[A-Za-z0-9._]{1,30}$")
FACEBOOK_RE = re.compile(r"^(profile\.php\?id=\d+|[A-Za-z0-9.\-_]{1,100})$")
FACEBOOK_URL_RE = re.compile(r"^(https?://)?((www|m|web)\.)?(facebook|fb)\.com/", re.IGNORECASE)


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Your photo"),
        required=False,
        help_text=_("A clear photo of you or your work. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Partner
        fields = [
            "story",
            "village",
            "group",
            "categories",
            "whatsapp",
            "whatsapp_public",
            "instagram",
            "instagram_public",
            "facebook",
            "facebook_public",
            *FORMALITY_FIELDS,
        ]
        labels = {
            "story": _("Your story"),
            "village": _("Village"),
            "group": _("Group"),
            "categories": _("What you make"),
            "whatsapp": _("WhatsApp number"),
            "whatsapp_public": _("Show my WhatsApp number to shoppers"),
            "instagram": _("Instagram username"),
            "instagram_public": _("Show my Instagram to shoppers"),
            "facebook": _("Facebook page or username"),
            "facebook_public": _("Show my Facebook to shoppers"),
            "business_started": _("When did your business start?"),
            "business_permit": _("Business permit (SKU or other)"),
            "nib": _("NIB business number"),
            "pirt_number": _("P-IRT food licence number"),
            "halal_certificate": _("Halal certificate number"),
            "legal_form": _("Legal form"),
        }
        help_texts = {
            "story": _("Who you are, what you make and how. Do not write your home address."),
            "village": _("Only the village is shown, never your address."),
            "whatsapp": _("For example 0812 3456 7890"),
            "instagram": _("Without @"),
            "business_started": _("Roughly is fine: the first day of the month you began."),
            "business_permit": _(
                "The number or the office that gave it, for example SKU from the village office."
            ),
            "nib": _("13 digits, from oss.go.id. Spaces and dots are fine."),
            "pirt_number": _("15 digits, on the licence from the Dinas Kesehatan."),
            "halal_certificate": _("The number on your BPJPH halal certificate."),
            "legal_form": _(
                "Most home businesses are a sole proprietorship. Leave it empty if unsure."
            ),
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 6}),
            "categories": forms.CheckboxSelectMultiple,
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "instagram": forms.TextInput(attrs={"autocapitalize": "none"}),
            "facebook": forms.TextInput(attrs={"autocapitalize": "none"}),
            "business_started": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "pirt_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "halal_certificate": forms.TextInput(
                attrs={"autocapitalize": "characters", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        producer = self.instance
        self.processed_photo = None
        district_id = producer.village.district_id if producer.village_id else None
        villages = Village.objects.all()
        groups = ProducerGroup.objects.all()
        if district_id is not None:
            villages = villages.filter(Q(district_id=district_id) | Q(pk=producer.village_id))
            groups = groups.filter(Q(village__district_id=district_id) | Q(pk=producer.group_id))
        self.fields["village"].queryset = villages.order_by("name")
        self.fields["group"].queryset = groups.order_by("name")
        self.fields["group"].required = False
        # Set once: a disabled field keeps the stored value whatever is posted,
        # so nobody moves her shop to another facilitator from the portal.
        for name, is_set in (("village", producer.village_id), ("group", producer.group_id)):
            if is_set:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("To change it, ask the shop operator.")
        self.fields["categories"].queryset = Category.get_root_nodes()
        self.fields["categories"].required = False

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return upload
        try:
            self.processed_photo = process_upload(upload)
        except PhotoRejected as error:
            raise forms.ValidationError(error.message) from None
        return upload

    def clean_whatsapp(self):
        value = self.cleaned_data["whatsapp"].strip()
        if not value:
            return ""
        # Kept the way Indonesians write it: 0812...
        local = phones.to_local(value)
        if local is None:
            raise forms.ValidationError(
                _("This is not a valid Indonesian phone number. Example: 0812 3456 7890")
            )
        return local

    def clean_instagram(self):
        value = self.cleaned_data["instagram"].strip()
        value = re.sub(r"^(https?://)?(www\.)?instagram\.com/", "", value, flags=re.IGNORECASE)
        value = value.strip("/").lstrip("@")
        if value and not INSTAGRAM_RE.match(value):
            raise forms.ValidationError(
                _("An Instagram username has only letters, numbers, dots and underscores.")
            )
        return value

    def clean_facebook(self):
        value = FACEBOOK_URL_RE.sub("", self.cleaned_data["facebook"].strip()).strip("/")
        if value and not FACEBOOK_RE.match(value):
            raise forms.ValidationError(
                _("Write the name of your Facebook page as it appears in its address.")
            )
        return value

    def clean_business_started(self):
        value = self.cleaned_data.get("business_started")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future. Choose today or earlier."))
        if value and value.year < 1900:
            raise forms.ValidationError(_("Check the year: it is too long ago."))
        return value

    def clean_nib(self):
        # Stored as digits only, however she typed it (the model checks there are 13).
        value = self.cleaned_data["nib"].strip()
        return digits(value) or value

    def clean_pirt_number(self):
        return " ".join(self.cleaned_data["pirt_number"].split())

    def clean_halal_certificate(self):
        return " ".join(self.cleaned_data["halal_certificate"].split()).upper()

    def clean(self):
        cleaned = super().clean()
        for field in ("whatsapp", "instagram", "facebook"):
            if field in self.errors:
                continue
            if cleaned.get(f"{field}_public") and not cleaned.get(field):
                self.add_error(field, _("Fill this in, or untick “show to shoppers” below it."))
        return cleaned

    def save(self, commit=True):
        producer = super().save(commit=False)
        if self.processed_photo is not None:
            old = producer.photo.name if producer.photo else ""
            producer.photo.save(self.processed_photo.name, self.processed_photo, save=False)
            self._old_photo = old
        if commit:
            producer.save()
            self.save_m2m()
            old = getattr(self, "_old_photo", "")
            if old and old != producer.photo.name:
                # Only once the new photo is really saved: if the transaction
                # is rolled back, she keeps her old photo.
                storage = producer.photo.storage
                transaction.on_commit(lambda: storage.delete(old))
        return producer


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["on_holiday", "holiday_until"]
        labels = {
            "on_holiday": _("Shop on holiday"),
            "holiday_until": _("On holiday until (optional)"),
        }
        help_texts = {
            "on_holiday": _("Shoppers still see your products but cannot order them."),
            "holiday_until": _("Shoppers see this date. Leave it empty if you do not know yet."),
        }
        widgets = {"holiday_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.on_holiday and current_holiday(self.instance) is None:
            # Her return date has passed: the shop is open again, and the form
            # must not offer the old date back (it would be refused as past).
            self.initial.update(on_holiday=False, holiday_until=None)

    def clean_holiday_until(self):
        value = self.cleaned_data.get("holiday_until")
        if not self.cleaned_data.get("on_holiday"):
            return None  # switching the holiday off forgets the date
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("This date is in the past. Choose today or a later day."))
        return value
