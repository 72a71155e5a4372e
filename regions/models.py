"""Indonesia's administrative regions, as far down as a village (desa).

Village shops, producers and delivery zones all hang off this hierarchy:
province > regency (kabupaten/kota) > district (kecamatan) > village.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Regency(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regency")
        verbose_name_plural = _("regencies")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="unique_regency_name")
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["regency", "name"], name="unique_district_name")
        ]

    def __str__(self):
        return self.name


class Village(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unique_village_name")
        ]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """ "Lampegan, Kec. Ibun, Kab. Bandung" without extra queries when the
        caller used select_related("district__regency")."""
        return _("%(village)s, %(district)s district, %(regency)s") % {
            "village": self.name,
            "district": self.district.name,
            "regency": self.district.regency.name,
        }
