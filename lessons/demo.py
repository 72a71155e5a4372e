"""Seed the lesson index "Belajar Jualan Online" and its lessons.

    lessons.demo.load(Site.objects.get(is_default_site=True).root_page)

Safe to run again: the index and each lesson are found by slug, and an
existing page is left as it is (an operator may have edited it); only
missing lessons are added, in the order of lessons.content.LESSONS.
"""

from wagtail.rich_text import RichText

from lessons import content
from lessons.models import LessonIndexPage, LessonPage


def _body(blocks):
    return [(kind, RichText(value) if kind == "rich_text" else value) for kind, value in blocks]


def load(parent_page):
    """The lesson index under ``parent_page`` (the regional portal's home or
    a village shop's home), with every seed lesson in it; returns the index."""
    parent = parent_page.specific
    index = LessonIndexPage.objects.child_of(parent).filter(slug=content.INDEX["slug"]).first()
    if index is None:
        index = parent.add_child(
            instance=LessonIndexPage(
                title=content.INDEX["title"],
                slug=content.INDEX["slug"],
                intro=content.INDEX["intro"],
                show_in_menus=True,
            )
        )
    existing = set(index.get_children().values_list("slug", flat=True))
    for lesson in content.LESSONS:
        if lesson["slug"] in existing:
            continue
        index.add_child(
            instance=LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                summary=lesson["summary"],
                minutes=lesson["minutes"],
                portal_action=lesson["action"],
                body=_body(lesson["body"]),
            )
        )
    return index
