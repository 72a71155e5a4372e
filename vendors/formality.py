"""The formality checklist: which business papers a producer has, and the
next ones to get, with where and how.

Formalisation is gradual (95% of the home industries in the field study had
no permit), so this is advice and nothing else: it NEVER blocks selling.
No view, strategy or checkout may read it to refuse anything; the portal
shows it as "next steps", and cluster assessments read the fields
themselves (programme.prefill).

A P-IRT food licence and a halal certificate only matter for processed food.
Whether she makes food is read from what the shop operator already set: her
categories (chosen in her profile) and her products' product classes, whose
names start with one of FOOD_WORDS ("Makanan" in the demo). Fresh vegetables
or fish ("Pertanian", "Perikanan") need neither, and the checklist says so
rather than asking for a licence she cannot get.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")

# Category or product class names (case-insensitive prefixes) of food that
# needs a P-IRT licence and a halal certificate.
FOOD_WORDS = ("makanan", "minuman", "pangan", "food")


@dataclass(frozen=True)
class Step:
    key: str  # the Partner field it is about
    label: str
    done: bool
    how: str  # why it helps and where to get it, or why it is not needed
    needed: bool = True


@dataclass(frozen=True)
class Summary:
    done: int
    total: int
    next: Step | None  # the first step still to do


def makes_food(producer):
    """Whether any of her categories or products' classes is food."""
    if producer.pk is None:
        return False
    words = [
        Q(categories__name__istartswith=word)
        | Q(products__product_class__name__istartswith=word, products__deleted_at__isnull=True)
        for word in FOOD_WORDS
    ]
    return Partner.objects.filter(pk=producer.pk).filter(reduce(or_, words)).exists()


def next_steps(producer, food=None):
    """The checklist, in the order worth following; `food` overrides
    makes_food() when the caller already knows."""
    food = makes_food(producer) if food is None else food
    not_needed = _("Not needed for your products.")
    return [
        Step(
            "business_started",
            _("Business start date"),
            producer.business_started is not None,
            _(
                "Write down roughly when you began. Banks and programmes ask how long a "
                "business has been running."
            ),
        ),
        Step(
            "business_permit",
            _("Business permit (SKU)"),
            producer.has_business_permit,
            _(
                "Ask your village office for a business letter (Surat Keterangan Usaha). "
                "An NIB also counts as your permit."
            ),
        ),
        Step(
            "nib",
            _("NIB business number"),
            bool(producer.nib.strip()),
            _(
                "Get an NIB for free at oss.go.id with your KTP number and an email address. "
                "Your facilitator can help you."
            ),
        ),
        Step(
            "pirt_number",
            _("P-IRT food licence"),
            bool(producer.pirt_number.strip()),
            _(
                "Food products need a P-IRT licence from the Dinas Kesehatan, after a short "
                "food safety course."
            )
            if food
            else not_needed,
            needed=food,
        ),
        Step(
            "halal_certificate",
            _("Halal certificate"),
            bool(producer.halal_certificate.strip()),
            _(
                "Halal certificate from BPJPH (free self-declare scheme for small businesses) "
                "at ptsp.halal.go.id."
            )
            if food
            else not_needed,
            needed=food,
        ),
    ]


def summary(steps):
    """How many needed steps are done, of how many, and which comes next."""
    needed = [step for step in steps if step.needed]
    return Summary(
        done=sum(step.done for step in needed),
        total=len(needed),
        next=next((step for step in needed if not step.done), None),
    )
