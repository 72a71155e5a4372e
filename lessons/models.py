"""Lessons: short how-to pages for producers, in a lesson index, each ending
with a link that opens the portal page it teaches in the reader's own shop
(her practice shop while she trains).

Lessons are ordinary Wagtail pages, so an operator or an instructor writes
and orders them in the CMS, and they render in the shop's theme like its
other pages (templates lessons/lesson_index_page.html and
lessons/lesson_page.html, which a theme may override). No JavaScript, no
images unless the author adds some: they must open on a cheap phone on a
slow connection.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lessons import blocks
from lessons.portal_actions import ACTIONS, CHOICES


class LessonIndexPage(Page):
    """The list of lessons, in the order the author puts them in."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["storefront.PortalPage", "storefront.VillageShopPage"]
    subpage_types = ["lessons.LessonPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lesson index")

    def lessons(self):
        """Its published lessons in the CMS order, in one query."""
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        return context


class LessonPage(Page):
    summary = models.CharField(
        _("summary"),
        max_length=250,
        help_text=_("One or two sentences: what she will be able to do after reading."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes to read"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    portal_action = models.CharField(
        _("portal action it teaches"),
        max_length=30,
        choices=CHOICES,
        blank=True,
        help_text=_("The lesson ends with a button that opens this page in her shop."),
    )
    body = StreamField(blocks.lesson_blocks(), verbose_name=_("lesson"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("minutes"),
        FieldPanel("portal_action"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["lessons.LessonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def action(self):
        return ACTIONS.get(self.portal_action)

    def portal_url(self):
        """/jual/ke/<action>/, or "" when the lesson names no action."""
        if self.action is None:
            return ""
        return reverse("portal:go-to", kwargs={"action": self.action.code})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index"] = self.get_parent()
        context["next_lesson"] = (
            LessonPage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(path__gt=self.path)
            .order_by("path")
            .first()
        )
        return context
