"""The producer part of the API: what the producer portal (/jual/) does, for
an app. A producer acts for her own shop, a facilitator for the producers of
her groups and villages (vendors.access.managed_producers); for anyone else
a producer's code is a 404, never a 403, so codes cannot be probed.

Every action calls the same forms and services as the portal
(vendors/portal/views/*), in the same order and transactions, and records
the same audit entry when someone acts for another producer. Here: who she
is and her profile; her products are in api.producer_products, her orders
and statement in api.producer_orders, all on this one router.
"""

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.translation import gettext_noop
from ninja import Router

from api.errors import from_form, not_found
from api.pagination import Pages
from api.producer_schemas import (
    Choice,
    MeOut,
    ProducerRef,
    ProfileIn,
    ProfileOptions,
    ProfileOut,
    StepOut,
)
from api.schemas import responses
from api.security import SIGNED_IN
from storefront import shops
from vendors import access, audit
from vendors.portal.forms_profile import ProfileForm
from vendors.portal.views.profile import onboarding_steps

router = Router(tags=["producer"])

P = "/me/producers/{code}"


# --- who acts for whom ---------------------------------------------------------------


def producer_for(request, code):
    """The producer ``code`` if the caller may act for her, else 404."""
    producer = access.managed_producers(request.user).filter(code=code).first()
    if producer is None:
        raise not_found()
    return producer


def record(request, producer, message, **params):
    """The portal's audit entry: logged when someone acts for her."""
    return audit.record(producer, request.user, message, **params)


class PreparedPages(Pages):
    """The API's bounded page numbers (ninja's PageNumberPagination), with
    each page's objects turned into their output by ``prepare(objects,
    request)`` (from prefetched data, so a page costs a fixed number of
    queries)."""

    def __init__(self, *, prepare, **kwargs):
        self.prepare = prepare
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = self.prepare(list(result["items"]), request)
        return result


def choice(obj):
    return None if obj is None else Choice(id=obj.pk, name=str(obj.name))


def refused_fields(errors, rename=None):
    """A form's errors as API fields, some renamed to the API's names."""
    rename = rename or {}
    return {rename.get(name, name): list(texts) for name, texts in errors.items()}


# --- me -------------------------------------------------------------------------------


@router.get("/me", auth=SIGNED_IN, response=responses(MeOut))
def me(request):
    """The signed-in person and the producers she may act for: her own shop,
    and for a facilitator the producers of her groups and villages."""
    user = request.user
    own = set(access.producer_partners(user).values_list("pk", flat=True))
    producers = access.managed_producers(user).order_by("name", "pk")
    return MeOut(
        username=user.get_username(),
        name=audit.actor_name(user),
        producers=[
            ProducerRef(code=p.code, name=p.name, is_own_shop=p.pk in own) for p in producers
        ],
    )


# --- profile --------------------------------------------------------------------------


def profile_out(producer, request):
    form = ProfileForm(instance=producer)
    village, group = form.fields["village"], form.fields["group"]
    return ProfileOut(
        code=producer.code,
        name=producer.name,
        photo=request.build_absolute_uri(producer.photo.url) if producer.photo else None,
        story=producer.story,
        village=choice(producer.village),
        village_fixed=village.disabled,
        group=choice(producer.group),
        group_fixed=group.disabled,
        categories=[choice(c) for c in producer.categories.order_by("path")],
        whatsapp=producer.whatsapp,
        whatsapp_public=producer.whatsapp_public,
        instagram=producer.instagram,
        instagram_public=producer.instagram_public,
        facebook=producer.facebook,
        facebook_public=producer.facebook_public,
        steps=[StepOut(label=str(s["label"]), done=s["done"]) for s in onboarding_steps(producer)],
        options=ProfileOptions(
            villages=[] if village.disabled else [choice(v) for v in village.queryset],
            groups=[] if group.disabled else [choice(g) for g in group.queryset],
            categories=[choice(c) for c in form.fields["categories"].queryset],
        ),
    )


@router.get(f"{P}/profile", auth=SIGNED_IN, response=responses(ProfileOut))
def get_profile(request, code: str):
    """Her profile as the portal's profile page shows it, with the
    onboarding checklist and what each choice may be."""
    producer = producer_for(request, code)
    return profile_out(producer, request)


@router.patch(f"{P}/profile", auth=SIGNED_IN, response=responses(ProfileOut))
def edit_profile(request, code: str, payload: ProfileIn):
    """Change some of her profile; what is not sent keeps its value. The
    portal's profile form checks it (a WhatsApp number, an Instagram name, a
    contact shown only when filled in; village and group only while empty)."""
    producer = producer_for(request, code)
    data = model_to_dict(producer, fields=ProfileForm._meta.fields)
    data["categories"] = [category.pk for category in data["categories"]]
    data.update(payload.model_dump(exclude_unset=True))
    form = ProfileForm(data=data, files={}, instance=producer)
    if not form.is_valid():
        raise from_form(form)
    # As the portal: field names in the producer's language, as she reads the log.
    with translation.override(shops.language_of(producer.site)):
        changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
    with transaction.atomic():
        producer = form.save()
        if changed:
            record(request, producer, gettext_noop("Profile edited: %(fields)s"), fields=changed)
    return profile_out(producer, request)


# Her products, orders and statement register their operations on this router.
from api import producer_orders, producer_products  # noqa: E402, F401
