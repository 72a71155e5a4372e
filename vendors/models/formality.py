"""How formal a producer's business is: permits, numbers and licences.

95% of the home industries in the field study had no business permit.
Nothing here ever blocks selling: the portal shows what is missing as next
steps (vendors.formality), and cluster assessments read it (programme.prefill).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["LegalForm", "FormalityFields"]

# The checklist's fields, in the order the profile form and pages show them.
FORMALITY_FIELDS = (
    "business_started",
    "business_permit",
    "nib",
    "pirt_number",
    "halal_certificate",
    "legal_form",
)


class LegalForm(models.TextChoices):
    SOLE = "sole", _("Sole proprietorship (usaha perseorangan)")
    PT_PERORANGAN = "pt_perorangan", _("Individual limited company (PT Perorangan)")
    CV = "cv", _("Limited partnership (CV)")
    COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
    OTHER = "other", _("Other legal form")


def digits(value):
    """The digits of a number as people type it (spaces, dots, "No.")."""
    return re.sub(r"\D", "", value or "")


def validate_nib(value):
    if len(digits(value)) != 13:
        raise ValidationError(_("An NIB has 13 digits, for example 9120301234567."))


def validate_pirt(value):
    if len(digits(value)) != 15:
        raise ValidationError(_("A P-IRT number has 15 digits, for example 2063204010123-25."))


def validate_halal(value):
    if not re.fullmatch(r"[A-Za-z0-9./ -]{6,40}", value or ""):
        raise ValidationError(
            _("Type the number on the halal certificate, for example ID32110000123450324.")
        )


class FormalityFields(models.Model):
    """The producer profile's formality checklist (Partner inherits it)."""

    business_started = models.DateField(
        _("business started"),
        null=True,
        blank=True,
        help_text=_("Roughly is fine: the first day of the month you began."),
    )
    business_permit = models.CharField(
        _("business permit"),
        max_length=80,
        blank=True,
        help_text=_("Number or issuer of your permit, for example a SKU from the village office."),
    )
    nib = models.CharField(
        _("NIB business number"), max_length=20, blank=True, validators=[validate_nib]
    )
    pirt_number = models.CharField(
        _("P-IRT food licence number"), max_length=30, blank=True, validators=[validate_pirt]
    )
    halal_certificate = models.CharField(
        _("halal certificate number"), max_length=40, blank=True, validators=[validate_halal]
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def has_business_permit(self):
        """A permit of any kind: a village SKU, or an NIB from OSS."""
        return bool(self.business_permit.strip() or self.nib.strip())
