"""Producer directory queries shared by pages and views."""

from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")


def public_producers():
    """Active producers with a real shop: practice shops stay private."""
    return (
        Partner.objects.filter(is_active=True, is_practice=False)
        .select_related("village__district__regency", "group", "site")
        .order_by("name")
    )


def producers_for_site(site):
    producers = public_producers()
    if site is not None and not site.is_default_site:
        producers = producers.filter(site=site)
    return producers
