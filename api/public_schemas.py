"""What the public endpoints answer with (api.public).

Money is whole rupiah as an int; texts a person reads (availability,
delivery zones, holiday notes) come in the request's language; URLs are
absolute, on the village shop's own hostname where there is one.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from api.schemas import PhotoOut

# --- shops ------------------------------------------------------------------------


class DeliveryFeeOut(Schema):
    #: village, outside_village, outside_district, outside_regency, outside_province
    zone: str
    label: str
    fee: int = Field(description="Whole rupiah.")


class ShopOut(Schema):
    id: int = Field(description="The shop's id: pass it as ?shop= to the other lists.")
    name: str
    hostname: str
    url: str = Field(description="The shop's home page.")
    language: str = Field(description="The shop's default language: id or en.")
    tagline: str
    theme: str = Field(description="Key of the shop's theme, e.g. desa.")
    district: str | None
    regency: str | None
    collection_point: str = Field(description="Where shoppers pick up their orders.")
    whatsapp_url: str | None = Field(description="A wa.me link to chat with the shop.")
    delivery: list[DeliveryFeeOut] = Field(
        description="The zones the shop delivers to, nearest first; none listed, no delivery."
    )
    home_page_id: int = Field(description="The shop's home page (see /pages/{id}).")


# --- categories -------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None = Field(description="null for a top-level category.")
    depth: int = Field(description="1 for a top-level category.")
    description: str = Field(description="Plain text.")
    url: str


# --- producers --------------------------------------------------------------------


class HolidayOut(Schema):
    until: date | None = Field(
        description="The last day of the holiday; null: until further notice."
    )
    message: str


class ContactOut(Schema):
    kind: Literal["whatsapp", "instagram", "facebook"]
    label: str
    url: str


class ProducerOut(Schema):
    code: str = Field(description="Stable: use it in /producers/{code} and ?producer=.")
    name: str
    shop_id: int | None
    village: str | None
    district: str | None
    regency: str | None
    group: str | None = Field(description="Her women's group, association or cooperative.")
    story: str = Field(description="Plain text, paragraphs separated by blank lines.")
    photo: str | None = Field(description="Her photo as uploaded (absolute URL), if any.")
    url: str = Field(description="Her profile page in the shop.")
    product_count: int = Field(description="How many of her products shoppers can see.")
    holiday: HolidayOut | None = Field(
        description="Set while her shop is on holiday: her products can be seen, not ordered."
    )


class ProducerDetailOut(ProducerOut):
    contacts: list[ContactOut] = Field(
        description="Only the contacts she chose to show publicly, as her profile page shows them."
    )


# --- products ---------------------------------------------------------------------


class AvailabilityOut(Schema):
    code: str = Field(
        description=(
            "instock, outofstock, available (not stock-tracked), made_to_order, "
            "on_holiday or unavailable."
        )
    )
    message: str = Field(description="Said for the shopper, in the request's language.")
    can_buy: bool = Field(description="Whether one can be put in the basket now.")
    num_available: int | None = Field(
        description=(
            "How many can be ordered now: units on the shelf, or what a made-to-order "
            "product's producer can still make this week. null: no limit, or not sold now."
        )
    )


class ProductProducerOut(Schema):
    code: str
    name: str
    village: str | None
    url: str


class ProductOut(Schema):
    id: int
    title: str
    slug: str
    url: str = Field(description="The product's page, on its village shop's hostname.")
    description: str = Field(description="Plain text.")
    price: int | None = Field(description="Whole rupiah; null when it has no price yet.")
    currency: str = "IDR"
    fulfilment: Literal["stock", "made_to_order"]
    lead_time_days: int = Field(description="Days to make it after an order (made to order).")
    availability: AvailabilityOut
    producer: ProductProducerOut
    shop_id: int | None
    category_ids: list[int]
    photos: list[PhotoOut] = Field(description="The first photo is the main one.")
    date_created: datetime


# --- pages ------------------------------------------------------------------------

PageType = Literal["shop_home", "story", "content", "producer_directory"]


class PageOut(Schema):
    id: int
    type: PageType
    title: str
    url: str | None
    shop_id: int
    seo_title: str = Field(description="The title for search engines; empty: use title.")
    search_description: str
    intro: str = Field(description="The page's introduction as plain text, if it has one.")
    first_published_at: datetime | None
    last_published_at: datetime | None


class PageImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str


class PageDetailOut(PageOut):
    intro_html: str = Field(description="The introduction as HTML (rich text pages).")
    body_html: str = Field(
        description=(
            "The page's blocks rendered as the shop's theme renders them; links and "
            "images in it that are paths are on the page's shop (the host of url)."
        )
    )
    image: PageImageOut | None = Field(description="A story's photo, about 960 px wide.")
    producer_code: str | None = Field(description="The producer a story tells of.")


# --- query parameters ---------------------------------------------------------------

ProductSort = Literal["newest", "price", "-price", "title", "relevance"]


class ProductFilters(Schema):
    shop: int | None = Field(None, description="A village shop's id (/shops).")
    category: int | None = Field(
        None, description="A category's id (/categories): its products and its sub-categories'."
    )
    producer: str | None = Field(None, description="A producer's code (/producers).")
    min_price: int | None = Field(None, ge=0, description="Whole rupiah.")
    max_price: int | None = Field(None, ge=0, description="Whole rupiah.")
    available: bool | None = Field(
        None, description="true: only what can be ordered now; false: only what cannot."
    )
    q: str | None = Field(None, description="Words to search for in titles and descriptions.")
    sort: ProductSort | None = Field(
        None,
        description=(
            "newest (the default without q), relevance (the default with q; without q "
            "it is newest), price (lowest first), -price (highest first), title."
        ),
    )
