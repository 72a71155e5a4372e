"""The pages an operator edits in the CMS: the regional portal's home, each
village shop's home built from blocks, stories and their index, About/Contact
pages and the producer directory."""

from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from storefront import blocks


class PortalPage(Page):
    """Home of the regional portal: lists every village shop."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "storefront.StoryPage",
        "storefront.StoryIndexPage",
        "storefront.ContentPage",
        "lessons.LessonIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("regional portal home")

    def get_context(self, request, *args, **kwargs):
        from storefront import shops

        context = super().get_context(request, *args, **kwargs)
        # Looked up only when the page's shared fragment is rendered.
        context["village_shops"] = SimpleLazyObject(shops.village_shops)
        return context


class VillageShopPage(Page):
    """Home of one village shop, built from blocks: a hero, featured
    products, a producer in the spotlight, a story, text, photos, a call to
    chat on WhatsApp."""

    body = StreamField(blocks.home_blocks(), verbose_name=_("page content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    subpage_types = [
        "storefront.StoryPage",
        "storefront.StoryIndexPage",
        "storefront.ContentPage",
        "storefront.ProducerDirectoryPage",
        "lessons.LessonIndexPage",
    ]

    class Meta:
        verbose_name = _("village shop home")


class StoryPage(Page):
    """A story about a producer or a product, with the products and
    producers it tells of embedded where the reader can follow them."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("producer"),
    )
    body = StreamField(blocks.story_blocks(), verbose_name=_("story"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("producer"),
        FieldPanel("body"),
    ]
    parent_page_types = [
        "storefront.VillageShopPage",
        "storefront.PortalPage",
        "storefront.StoryIndexPage",
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("story")


class StoryIndexPage(Page):
    """The shop's stories, newest first, a page of them at a time.

    It lists every live story of the shop, those under its home as well as
    those under this page, so that adding the index to a shop that already
    has stories needs no moving them (and changes none of their links)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["storefront.VillageShopPage", "storefront.PortalPage"]
    subpage_types = ["storefront.StoryPage"]
    max_count_per_parent = 1
    stories_per_page = 12

    class Meta:
        verbose_name = _("story index")

    def stories(self):
        return (
            StoryPage.objects.live()
            .public()
            .descendant_of(self.get_parent())
            .select_related("image", "producer")
            # Each card's photo is looked up among these, not by a query of its own.
            .prefetch_related("image__renditions")
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.stories(), self.stories_per_page)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            stories=page_obj.object_list,
            paginator=paginator,
            page_obj=page_obj,
            is_paginated=page_obj.has_other_pages(),
        )
        return context


class ContentPage(Page):
    """About us, Contact, How to order: text and photos, and the shop's
    contacts (WhatsApp, collection point) when asked for."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(blocks.content_blocks(), verbose_name=_("page content"), blank=True)
    show_contacts = models.BooleanField(
        _("show the shop's contacts"),
        default=False,
        help_text=_("The WhatsApp number and collection point from the shop's settings."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_contacts"),
    ]
    parent_page_types = ["storefront.VillageShopPage", "storefront.PortalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page (about, contact...)")


class ProducerDirectoryPage(Page):
    """The shop's producer directory: the operator writes its title and
    introduction here; the list itself is always at /produsen/, so links to
    this page go there."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["storefront.VillageShopPage", "storefront.PortalPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("producer directory")

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _path = parts
        return site_id, root_url, reverse("vendors:producer-list")

    def serve(self, request, *args, **kwargs):
        return redirect("vendors:producer-list", permanent=True)
