"""What every API call shares: the schema and docs, one error format in the
caller's language, rate limits with Retry-After, CORS by allow-list."""

import importlib
import inspect
import pkgutil

import pytest
from ninja import Schema

import api

JSON = "application/json"


@pytest.mark.django_db
def test_the_schema_is_openapi_3_1_and_documents_every_operation(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method.upper()} {path} has no docstring"
            assert "422" in operation["responses"], f"{method.upper()} {path}"
    docs = api_client.get("/api/v1/docs")
    assert docs.status_code == 200
    # Swagger UI comes from this server, not from a CDN.
    assert "cdn." not in docs.content.decode()


@pytest.mark.django_db
def test_errors_speak_the_callers_language(api_client):
    indonesian = api_client.get("/api/v1/products/999999")
    english = api_client.get("/api/v1/products/999999", headers={"Accept-Language": "en-GB,en"})
    assert indonesian.status_code == english.status_code == 404
    assert english.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    assert indonesian.json()["code"] == "not_found"
    assert indonesian.json()["message"] != "Not found."
    assert english["Content-Language"] == "en"
    # ?lang= wins over the header, as on the site.
    assert api_client.get("/api/v1/products/999999?lang=en").json()["message"] == "Not found."


@pytest.mark.django_db
def test_field_errors_name_the_field(api_client):
    response = api_client.post(
        "/api/v1/basket/lines",
        {"quantity": 0},
        content_type=JSON,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "product_id": ["This field is required."],
        "quantity": ["This number is too small."],
    }
    broken = api_client.post(
        "/api/v1/basket/lines", "{not json", content_type=JSON, headers={"Accept-Language": "en"}
    )
    assert broken.status_code == 400
    assert broken.json()["code"] == "bad_request"
    assert "JSON" in broken.json()["message"]


@pytest.mark.django_db
def test_rate_limit_per_address_answers_429_with_retry_after(api_client, settings):
    settings.PASAR_API_RATE_PER_ADDRESS = "3/m"
    statuses = [api_client.get("/api/v1/shops").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api_client.get("/api/v1/shops", headers={"Accept-Language": "en"})
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address is counted apart.
    assert api_client.get("/api/v1/shops", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.django_db
def test_rate_limit_per_token(api_client, settings, bearer):
    from tests import factories

    settings.PASAR_API_RATE_PER_TOKEN = "2/m"
    user = factories.UserFactory()
    first, second = bearer(user), bearer(user)
    statuses = [
        api_client.get("/api/v1/me", headers=first, REMOTE_ADDR=f"10.0.1.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert api_client.get("/api/v1/me", headers=second).status_code == 200


@pytest.mark.django_db
def test_cors_only_for_allowed_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://aplikasi.contoh.id"]
    allowed = api_client.options(
        "/api/v1/basket/lines",
        headers={
            "Origin": "https://aplikasi.contoh.id",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-basket-token",
        },
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://aplikasi.contoh.id"
    assert "x-basket-token" in allowed["Access-Control-Allow-Headers"]
    other = api_client.get("/api/v1/shops", headers={"Origin": "https://jahat.contoh"})
    assert "Access-Control-Allow-Origin" not in other
    # The shop's pages are not opened to other origins.
    page = api_client.get("/", headers={"Origin": "https://aplikasi.contoh.id"})
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.django_db
def test_a_signed_in_sessions_writes_need_the_csrf_token(ibun, product_for_csrf):
    from django.test import Client

    from tests import factories

    client = Client(HTTP_HOST="ibun.localhost", enforce_csrf_checks=True)
    client.force_login(factories.UserFactory())
    response = client.post(
        "/api/v1/basket/lines", {"product_id": product_for_csrf.pk}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    # Anonymous callers name their basket by token and need no CSRF token.
    anonymous = Client(HTTP_HOST="ibun.localhost", enforce_csrf_checks=True)
    response = anonymous.post(
        "/api/v1/basket/lines", {"product_id": product_for_csrf.pk}, content_type=JSON
    )
    assert response.status_code == 201


@pytest.fixture
def product_for_csrf(ibun):
    from tests import factories

    return factories.ProductFactory(producer=factories.ProducerFactory(site=ibun), stock=3)


@pytest.mark.django_db
def test_unknown_api_addresses_answer_in_the_error_format(api_client):
    for path in ("/api/v1/nope", "/api/v2/products", "/api/"):
        response = api_client.get(path, headers={"Accept-Language": "en"})
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_no_two_schemas_share_a_name():
    """Ninja names a schema's OpenAPI component after its class: two classes
    of one name would silently document one shape for both."""
    names = {}
    for module_info in pkgutil.iter_modules(api.__path__):
        module = importlib.import_module(f"api.{module_info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                names.setdefault(name, set()).add(module.__name__)
    assert {name: modules for name, modules in names.items() if len(modules) > 1} == {}


@pytest.mark.django_db
def test_ids_past_what_the_database_holds_are_bad_input(api_client, ibun, bearer):
    from tests import factories

    user = factories.UserFactory()
    producer = factories.ProducerFactory(site=ibun)
    producer.users.add(user)
    huge = 10**24
    response = api_client.patch(
        f"/api/v1/me/producers/{producer.code}/profile",
        {"categories": [huge]},
        content_type=JSON,
        headers=bearer(user),
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["categories.0"]
    response = api_client.post("/api/v1/basket/lines", {"product_id": huge}, content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["product_id"]
