"""Catalogue fork: every product belongs to exactly one producer and is
either kept in stock or made to order with an honest lead time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct
from oscar.apps.catalogue.managers import ProductQuerySet
from wagtail.search import index


class ShopProductQuerySet(ProductQuerySet):
    def browsable(self):
        """What Oscar may show or index (its search index, offers): never a
        deleted product and never one of a trainee's practice shop."""
        return (
            super().browsable().filter(deleted_at__isnull=True).exclude(producer__is_practice=True)
        )


class Product(index.Indexed, AbstractProduct):
    """Searched through Wagtail's search backend (catalog.search): SQLite's
    FTS5 in the embedded set-up, PostgreSQL full-text search in production,
    both in the database itself, so nothing else has to run or be kept in step."""

    class Fulfilment(models.TextChoices):
        IN_STOCK = "stock", _("Ready stock")
        MADE_TO_ORDER = "made_to_order", _("Made to order")

    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="products",
        null=True,
        blank=True,
        verbose_name=_("producer"),
        help_text=_("The producer who makes and sells this product."),
    )
    fulfilment = models.CharField(
        _("fulfilment"), max_length=20, choices=Fulfilment.choices, default=Fulfilment.IN_STOCK
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=0,
        help_text=_("Days needed to make the product after an order, for made-to-order products."),
    )
    weekly_capacity = models.PositiveSmallIntegerField(
        _("weekly capacity"),
        null=True,
        blank=True,
        help_text=_("How many the producer can make in a week. Leave empty for no limit."),
    )

    deleted_at = models.DateTimeField(
        _("deleted"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Deleted products stay for past orders but are never shown or sold."),
    )

    objects = ShopProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("upc"),
        # catalog.search narrows a search to the caller's products by id
        # and, where it does not rank, lists the newest first.
        index.FilterField("id"),
        index.FilterField("date_created"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        """Never the text of a deleted or practice product (searches also
        filter on what shoppers may see, which changes without a save)."""
        return cls.objects.filter(deleted_at__isnull=True).exclude(producer__is_practice=True)

    @property
    def is_made_to_order(self):
        return self.fulfilment == self.Fulfilment.MADE_TO_ORDER

    def clean(self):
        super().clean()
        if not self.is_parent and self.producer_id is None:
            raise ValidationError({"producer": _("Choose the producer who sells this product.")})
        if self.is_made_to_order and not self.lead_time_days:
            raise ValidationError(
                {
                    "lead_time_days": _(
                        "A made-to-order product needs a lead time of at least 1 day."
                    )
                }
            )


from oscar.apps.catalogue.models import *  # noqa: E402,F403  Oscar's fork convention
