"""Every login path ends on a real page, never in Wagtail's 404."""

import pytest

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("protected", ["/cms/", "/dashboard/", "/accounts/"])
def test_protected_areas_redirect_to_a_login_page_that_exists(ibun_client, protected):
    response = ibun_client.get(protected, follow=True)
    assert response.status_code == 200
    assert "login" in response.redirect_chain[-1][0]


@pytest.mark.django_db
def test_a_producer_logs_in_and_lands_on_her_account(ibun_client, ibun):
    user = factories.UserFactory(username="siti", email="siti@contoh.test")
    response = ibun_client.post(
        "/accounts/login/",
        {
            "login-username": "siti@contoh.test",
            "login-password": "rahasia-uji-123",
            "login_submit": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/cms/",
        "/cms/settings/storefront/shopsettings/",
        "/cms/snippets/regions/village/",
        "/cms/snippets/partner/producergroup/",
        "/dashboard/",
        "/dashboard/orders/",
        "/dashboard/catalogue/",
    ],
)
def test_the_operator_reaches_the_cms_and_the_dashboard(ibun_client, path):
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    ibun_client.force_login(operator)
    response = ibun_client.get(path, follow=True)
    assert response.status_code == 200, path
