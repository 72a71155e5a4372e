"""The blocks an operator builds village shop pages from in the CMS.

Each block renders with a template under storefront/blocks/ that a theme
may override. Blocks that show products or producers look them up for the
request's village shop in one query each, so a page costs the same number
of queries however many products it shows, and a product chosen once but
since hidden or deleted simply drops out.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from storefront.choosers import ProducerChooserBlock, ProductChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


def _site(context):
    request = (context or {}).get("request")
    return getattr(request, "site", None)


class LinkBlock(blocks.CharBlock):
    """A path on the shop (/catalogue/) or a full address (https://...)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", _("A page of the shop such as /catalogue/, or https://…"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not value.startswith(("/", "https://", "http://")):
            raise ValidationError(_("Start the link with / or https://"))
        return value


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=300)
    image = ImageChooserBlock(
        label=_("image"),
        required=False,
        help_text=_("Leave empty to use the theme's home page image."),
    )
    button_text = blocks.CharBlock(label=_("button text"), required=False, max_length=40)
    button_link = LinkBlock(label=_("button link"), required=False)

    class Meta:
        icon = "image"
        label = _("Hero")
        template = "storefront/blocks/hero.html"


class FeaturedProductsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    products = blocks.ListBlock(
        ProductChooserBlock(),
        label=_("products"),
        required=False,
        help_text=_("Leave empty to show the newest products of the shop."),
    )
    count = blocks.IntegerBlock(
        label=_("how many (when automatic)"), default=8, min_value=1, max_value=24
    )

    class Meta:
        icon = "tag"
        label = _("Featured products")
        template = "storefront/blocks/featured_products.html"

    def get_context(self, value, parent_context=None):
        from catalog import listing

        context = super().get_context(value, parent_context)
        products = listing.products_for_site(_site(parent_context))
        chosen = [product.pk for product in value["products"] if product is not None]
        if chosen:
            found = {product.pk: product for product in products.filter(pk__in=chosen)}
            context["products"] = [found[pk] for pk in chosen if pk in found]
        else:
            context["products"] = list(products[: value["count"]])
        return context


class ProducerSpotlightBlock(blocks.StructBlock):
    producer = ProducerChooserBlock(label=_("producer"))
    text = blocks.TextBlock(label=_("why her"), required=False, max_length=400)

    class Meta:
        icon = "user"
        label = _("Producer spotlight")
        template = "storefront/blocks/producer_spotlight.html"

    def get_context(self, value, parent_context=None):
        from catalog import listing

        context = super().get_context(value, parent_context)
        producer = value["producer"]
        context["products"] = (
            list(listing.products_for_site(_site(parent_context)).filter(producer=producer)[:3])
            if producer is not None and producer.is_active
            else []
        )
        return context


class StoryTeaserBlock(blocks.StructBlock):
    story = blocks.PageChooserBlock(
        label=_("story"),
        page_type="storefront.StoryPage",
        required=False,
        help_text=_("Leave empty to show the newest story."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Story teaser")
        template = "storefront/blocks/story_teaser.html"

    def get_context(self, value, parent_context=None):
        from storefront.models import StoryPage

        context = super().get_context(value, parent_context)
        story = value["story"]
        if story is None or not story.live:
            site = _site(parent_context)
            stories = StoryPage.objects.live().order_by("-first_published_at")
            if site is not None:
                stories = stories.descendant_of(site.root_page)
            story = stories.first()
        context["story"] = story.specific if story is not None else None
        return context


class GalleryBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(
            blocks.StructBlock(
                [
                    ("image", ImageChooserBlock(label=_("image"))),
                    (
                        "caption",
                        blocks.CharBlock(label=_("caption"), required=False, max_length=120),
                    ),
                ]
            ),
            **kwargs,
        )

    class Meta:
        icon = "image"
        label = _("Photo gallery")
        template = "storefront/blocks/gallery.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=300)
    kind = blocks.ChoiceBlock(
        label=_("button"),
        choices=[
            ("whatsapp", _("Chat with the shop on WhatsApp")),
            ("shop", _("Go to the products")),
            ("link", _("Another link")),
        ],
        default="whatsapp",
    )
    button_text = blocks.CharBlock(label=_("button text"), required=False, max_length=40)
    link = LinkBlock(label=_("link (for another link)"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "storefront/blocks/call_to_action.html"


class ProductEmbedBlock(blocks.StructBlock):
    """A product inside a story, as a small card the reader can buy from."""

    product = ProductChooserBlock(label=_("product"))

    class Meta:
        icon = "tag"
        label = _("Product")
        template = "storefront/blocks/product_embed.html"

    def get_context(self, value, parent_context=None):
        from catalog import listing

        context = super().get_context(value, parent_context)
        product = value["product"]
        context["product"] = (
            listing.browsable_products().filter(pk=product.pk).first() if product else None
        )
        return context


class ProducerEmbedBlock(blocks.StructBlock):
    producer = ProducerChooserBlock(label=_("producer"))

    class Meta:
        icon = "user"
        label = _("Producer")
        template = "storefront/blocks/producer_embed.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "storefront/blocks/image.html"


def rich_text():
    return blocks.RichTextBlock(
        label=_("text"), features=RICH_TEXT_FEATURES, template="storefront/blocks/rich_text.html"
    )


def home_blocks():
    """What a village shop's home page is built from."""
    return [
        ("hero", HeroBlock()),
        ("featured_products", FeaturedProductsBlock()),
        ("producer_spotlight", ProducerSpotlightBlock()),
        ("story_teaser", StoryTeaserBlock()),
        ("rich_text", rich_text()),
        ("gallery", GalleryBlock()),
        ("call_to_action", CallToActionBlock()),
    ]


def story_blocks():
    """What a story is told with."""
    return [
        ("rich_text", rich_text()),
        ("image", ImageBlock()),
        ("product", ProductEmbedBlock()),
        ("producer", ProducerEmbedBlock()),
        ("gallery", GalleryBlock()),
    ]


def content_blocks():
    """What an About or Contact page is made of."""
    return [
        ("rich_text", rich_text()),
        ("image", ImageBlock()),
        ("gallery", GalleryBlock()),
        ("call_to_action", CallToActionBlock()),
    ]
