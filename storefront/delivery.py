"""Delivery zones, from the producer's village outwards.

The zones follow the field study's marketing zones, so delivery data can
later feed the "market reach" indicator of cluster assessments.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryZone(models.TextChoices):
    VILLAGE = "village", _("Inside the village")
    OUTSIDE_VILLAGE = "outside_village", _("Outside the village, same district")
    OUTSIDE_DISTRICT = "outside_district", _("Outside the district, same regency")
    OUTSIDE_REGENCY = "outside_regency", _("Outside the regency, same province")
    OUTSIDE_PROVINCE = "outside_province", _("Outside the province")
