"""Public sharing pages: follow a short link, click a share button, copy a
link. GET (and HEAD) only; every destination is built by sharing.targets
from the code's database objects, so none of these is an open redirect."""

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sharing import codes, recording, targets
from sharing.models import Channel

NOINDEX = "noindex, nofollow"


def _link_and_target(code):
    link = codes.decode(code)
    if link is None:
        raise Http404(_("This share link is not complete or not valid. Ask for it again."))
    target = targets.find(link)
    if target is None:
        raise Http404(_("What was shared here is no longer in the shop."))
    return link, target


def _private(response):
    response["X-Robots-Tag"] = NOINDEX
    response["Cache-Control"] = "no-store"
    return response


def _practice_page(request, target):
    """A practice shop's product or shop is never shown: only this note,
    with nothing of the product in the page (nor in its preview tags)."""
    return TemplateResponse(
        request,
        "sharing/practice.html",
        {"practice_shop": target.product is None},
    )


@require_safe
def follow(request, code):
    """/s/<code>: a short link, from a message, a post or a poster's QR."""
    link, target = _link_and_target(code)
    if target.practice:
        return _private(_practice_page(request, target))
    url = targets.destination(target, link, targets.sharer_code(link))
    return _private(HttpResponseRedirect(url))


@require_safe
def share(request, code):
    """/bagikan/<code>/: a share button. Records one share per click by a
    person (not a preview fetcher, not HEAD) and goes on to the network."""
    link, target = _link_and_target(code)
    if link.channel not in targets.BUTTON_CHANNELS:
        raise Http404(_("This share link is not complete or not valid. Ask for it again."))
    if recording.is_person(request):
        recording.record(target, link)
    return _private(HttpResponseRedirect(targets.network_url(target, link)))


@require_safe
def copy(request, code):
    """/bagikan/<code>/salin/: the short link in a box to copy, and the
    Instagram version (Instagram has no share address)."""
    link, target = _link_and_target(code)
    if link.channel not in targets.COPY_CHANNELS:
        raise Http404(_("This share link is not complete or not valid. Ask for it again."))
    context = {
        "short_url": targets.short_url(link, target.producer),
        "for_instagram": link.channel == Channel.INSTAGRAM,
        "instagram_share": reverse(
            "sharing:share", args=[codes.encode(link.on(Channel.INSTAGRAM))]
        ),
        "link_share": reverse("sharing:share", args=[codes.encode(link.on(Channel.LINK))]),
        "shared_title": None if target.practice else target.title(),
        "back_url": None
        if target.practice
        else f"{targets.shop_root(target.producer)}{target.public_path()}",
        "practice": target.practice,
        "copied_text": _("Copied. Now paste it where you want to share it."),
    }
    return _private(TemplateResponse(request, "sharing/copy.html", context))
