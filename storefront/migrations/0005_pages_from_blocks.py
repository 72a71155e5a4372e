"""Village shop home pages and stories are built from blocks.

A home page's introduction becomes a hero block and its number of featured
products a featured-products block; a story's rich text becomes its first
block (pages and their latest revision, so the editor opens what is live).
"""

import json
import re
import uuid

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _plain_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html or "").split())


def home_pages_from_blocks(apps, schema_editor):
    VillageShopPage = apps.get_model("storefront", "VillageShopPage")
    for page in VillageShopPage.objects.all():
        text = _plain_text(page.intro)
        page.body = json.dumps(
            [
                _block(
                    "hero",
                    {
                        "heading": page.title,
                        "text": text[:300],
                        "image": None,
                        "button_text": "",
                        "button_link": "/catalogue/",
                    },
                ),
                _block(
                    "featured_products",
                    {
                        "heading": "Produk pilihan",
                        "products": [],
                        "count": page.featured_count or 8,
                    },
                ),
                _block("story_teaser", {"story": None}),
            ]
        )
        page.save(update_fields=["body"])


def stories_from_blocks(apps, schema_editor):
    StoryPage = apps.get_model("storefront", "StoryPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in StoryPage.objects.all():
        html = page.body or ""
        if html.lstrip().startswith("["):
            continue  # already blocks
        page.body = json.dumps([_block("rich_text", html)] if html.strip() else [])
        page.save(update_fields=["body"])
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None and isinstance(revision.content.get("body"), str):
            revision.content["body"] = page.body
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0004_theme_options"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
                (
                    "body",
                    wagtail.fields.StreamField(
                        [("rich_text", 0), ("image", 3), ("gallery", 4), ("call_to_action", 10)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": ["h2", "h3", "bold", "italic", "link", "ol", "ul"],
                                    "label": "text",
                                    "template": "storefront/blocks/rich_text.html",
                                },
                            ),
                            1: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "image"}),
                            2: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "caption", "max_length": 200, "required": False},
                            ),
                            3: ("wagtail.blocks.StructBlock", [[("image", 1), ("caption", 2)]], {}),
                            4: ("storefront.blocks.GalleryBlock", (), {}),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "heading", "max_length": 120},
                            ),
                            6: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {"label": "text", "max_length": 300, "required": False},
                            ),
                            7: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("whatsapp", "Chat with the shop on WhatsApp"),
                                        ("shop", "Go to the products"),
                                        ("link", "Another link"),
                                    ],
                                    "label": "button",
                                },
                            ),
                            8: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "button text", "max_length": 40, "required": False},
                            ),
                            9: (
                                "storefront.blocks.LinkBlock",
                                (),
                                {"label": "link (for another link)", "required": False},
                            ),
                            10: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("heading", 5),
                                        ("text", 6),
                                        ("kind", 7),
                                        ("button_text", 8),
                                        ("link", 9),
                                    ]
                                ],
                                {},
                            ),
                        },
                        verbose_name="page content",
                    ),
                ),
                (
                    "show_contacts",
                    models.BooleanField(
                        default=False,
                        help_text="The WhatsApp number and collection point from the shop's settings.",
                        verbose_name="show the shop's contacts",
                    ),
                ),
            ],
            options={
                "verbose_name": "page (about, contact...)",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ProducerDirectoryPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
            ],
            options={
                "verbose_name": "producer directory",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.AddField(
            model_name="villageshoppage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("hero", 5),
                    ("featured_products", 9),
                    ("producer_spotlight", 12),
                    ("story_teaser", 14),
                    ("rich_text", 15),
                    ("gallery", 16),
                    ("call_to_action", 19),
                ],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "heading", "max_length": 120}),
                    1: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "text", "max_length": 300, "required": False},
                    ),
                    2: (
                        "wagtail.images.blocks.ImageChooserBlock",
                        (),
                        {
                            "help_text": "Leave empty to use the theme's home page image.",
                            "label": "image",
                            "required": False,
                        },
                    ),
                    3: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "button text", "max_length": 40, "required": False},
                    ),
                    4: (
                        "storefront.blocks.LinkBlock",
                        (),
                        {"label": "button link", "required": False},
                    ),
                    5: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("heading", 0),
                                ("text", 1),
                                ("image", 2),
                                ("button_text", 3),
                                ("button_link", 4),
                            ]
                        ],
                        {},
                    ),
                    6: ("storefront.choosers.ProductChooserBlock", (), {}),
                    7: (
                        "wagtail.blocks.ListBlock",
                        (6,),
                        {
                            "help_text": "Leave empty to show the newest products of the shop.",
                            "label": "products",
                            "required": False,
                        },
                    ),
                    8: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {
                            "default": 8,
                            "label": "how many (when automatic)",
                            "max_value": 24,
                            "min_value": 1,
                        },
                    ),
                    9: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 0), ("products", 7), ("count", 8)]],
                        {},
                    ),
                    10: ("storefront.choosers.ProducerChooserBlock", (), {"label": "producer"}),
                    11: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"label": "why her", "max_length": 400, "required": False},
                    ),
                    12: ("wagtail.blocks.StructBlock", [[("producer", 10), ("text", 11)]], {}),
                    13: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {
                            "help_text": "Leave empty to show the newest story.",
                            "label": "story",
                            "page_type": ["storefront.StoryPage"],
                            "required": False,
                        },
                    ),
                    14: ("wagtail.blocks.StructBlock", [[("story", 13)]], {}),
                    15: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["h2", "h3", "bold", "italic", "link", "ol", "ul"],
                            "label": "text",
                            "template": "storefront/blocks/rich_text.html",
                        },
                    ),
                    16: ("storefront.blocks.GalleryBlock", (), {}),
                    17: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("whatsapp", "Chat with the shop on WhatsApp"),
                                ("shop", "Go to the products"),
                                ("link", "Another link"),
                            ],
                            "label": "button",
                        },
                    ),
                    18: (
                        "storefront.blocks.LinkBlock",
                        (),
                        {"label": "link (for another link)", "required": False},
                    ),
                    19: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("heading", 0),
                                ("text", 1),
                                ("kind", 17),
                                ("button_text", 3),
                                ("link", 18),
                            ]
                        ],
                        {},
                    ),
                },
                verbose_name="page content",
            ),
        ),
        migrations.RunPython(home_pages_from_blocks, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="villageshoppage",
            name="featured_count",
        ),
        migrations.RemoveField(
            model_name="villageshoppage",
            name="intro",
        ),
        migrations.RunPython(stories_from_blocks, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="storypage",
            name="body",
            field=wagtail.fields.StreamField(
                [("rich_text", 0), ("image", 3), ("product", 5), ("producer", 7), ("gallery", 8)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["h2", "h3", "bold", "italic", "link", "ol", "ul"],
                            "label": "text",
                            "template": "storefront/blocks/rich_text.html",
                        },
                    ),
                    1: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "image"}),
                    2: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "caption", "max_length": 200, "required": False},
                    ),
                    3: ("wagtail.blocks.StructBlock", [[("image", 1), ("caption", 2)]], {}),
                    4: ("storefront.choosers.ProductChooserBlock", (), {"label": "product"}),
                    5: ("wagtail.blocks.StructBlock", [[("product", 4)]], {}),
                    6: ("storefront.choosers.ProducerChooserBlock", (), {"label": "producer"}),
                    7: ("wagtail.blocks.StructBlock", [[("producer", 6)]], {}),
                    8: ("storefront.blocks.GalleryBlock", (), {}),
                },
                verbose_name="story",
            ),
        ),
    ]
