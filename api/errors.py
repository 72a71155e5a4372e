"""One error format for every API response that is not a success:

    {"code": "not_found", "message": "…", "fields": {"quantity": ["…"]}}

``code`` is stable for programs, ``message`` is for people and comes in the
request's language, ``fields`` says what is wrong with which input (empty
when the error is not about one field).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ApiError(Exception):
    """Raised by API views and services for any refusal a client should see."""

    def __init__(self, status, code, message, fields=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.fields = {
            name: [str(text) for text in texts] for name, texts in (fields or {}).items()
        }


def not_found():
    return ApiError(404, "not_found", _("Not found."))


def invalid(fields, message=None):
    """A 422 for field errors, as Django forms give them ({field: [texts]});
    errors not about one field come under "__all__"."""
    return ApiError(422, "invalid", message or _("Some of what was sent is not valid."), fields)


def not_found_view(request, path=""):
    """Any /api/ address that names no operation: a 404 in the error format."""
    return JsonResponse({"code": "not_found", "message": _("Not found."), "fields": {}}, status=404)


def from_form(form):
    return invalid({name: list(texts) for name, texts in form.errors.items()})


#: Pydantic's messages are English only: the common ones said our way.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_long": gettext_lazy("This text is too long."),
    "string_too_short": gettext_lazy("This text is too short."),
    "greater_than": gettext_lazy("This number is too small."),
    "greater_than_equal": gettext_lazy("This number is too small."),
    "less_than": gettext_lazy("This number is too big."),
    "less_than_equal": gettext_lazy("This number is too big."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
}


def _field_name(location):
    """("body", "payload", "address", "phone") -> "address.phone"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] in {"payload", "data", "filters"}:
        parts = parts[1:]  # the whole body (or query) is "__all__"
    return ".".join(parts) or "__all__"


def _validation_fields(errors):
    fields = {}
    for error in errors:
        message = PYDANTIC_MESSAGES.get(error.get("type"), gettext_lazy("This value is not valid."))
        fields.setdefault(_field_name(error.get("loc", ())), []).append(str(message))
    return fields


HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


def install(api):
    """Make every refusal of ``api`` speak the one error format."""

    def respond(request, status, code, message, fields=None, headers=None):
        body = {"code": code, "message": str(message), "fields": fields or {}}
        response = api.create_response(request, body, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return respond(
            request,
            422,
            "invalid",
            _("Some of what was sent is not valid."),
            _validation_fields(exc.errors),
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(
            request,
            401,
            "unauthenticated",
            _("Sign in, or send a valid API token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(
            request, 429, "rate_limited", _("Too many requests. Wait a moment and try again.")
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        status = exc.status_code
        if status == 403:
            message = _("You may not do this. (Sending a form? Include the CSRF token.)")
        elif status == 400:
            message = _(
                "The request could not be read. Send JSON with Content-Type: application/json."
            )
        else:
            message = _("The request could not be handled.")
        return respond(request, status, HTTP_CODES.get(status, "error"), message)

    @api.exception_handler(Http404)
    def not_found_error(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, "forbidden", _("You may not do this."))
