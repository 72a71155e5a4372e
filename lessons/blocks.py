"""What a lesson is written with: the shop's rich text and image blocks,
plus three small blocks lessons need often: a tip to remember, an example
message to copy into WhatsApp, and a short list of amounts (a worked
example of a price). Each renders with a template under lessons/blocks/
that a theme may override, using class names every theme styles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from storefront import blocks as shop_blocks


class TipBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("warning", _("Be careful"))],
        default="tip",
    )
    text = blocks.TextBlock(label=_("text"), max_length=500)

    class Meta:
        icon = "help"
        label = _("Tip")
        template = "lessons/blocks/tip.html"


class ExampleMessageBlock(blocks.StructBlock):
    """A message she can copy as it is, line breaks kept."""

    heading = blocks.CharBlock(label=_("when to send it"), max_length=120)
    text = blocks.TextBlock(label=_("message"), max_length=1000)

    class Meta:
        icon = "openquote"
        label = _("Example message")
        template = "lessons/blocks/example_message.html"


class AmountsBlock(blocks.StructBlock):
    """A few labelled amounts and their result, as a short list (not a
    wide table, which a 360 px screen cannot show)."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    rows = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("label", blocks.CharBlock(label=_("what"), max_length=120)),
                ("amount", blocks.CharBlock(label=_("amount"), max_length=60)),
            ]
        ),
        label=_("lines"),
    )
    total_label = blocks.CharBlock(label=_("result"), max_length=120, required=False)
    total = blocks.CharBlock(label=_("result amount"), max_length=60, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Worked example")
        template = "lessons/blocks/amounts.html"


def lesson_blocks():
    return [
        ("rich_text", shop_blocks.rich_text()),
        ("image", shop_blocks.ImageBlock()),
        ("tip", TipBlock()),
        ("example_message", ExampleMessageBlock()),
        ("amounts", AmountsBlock()),
    ]
