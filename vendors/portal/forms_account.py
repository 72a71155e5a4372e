"""Forms for signing in to the portal and resetting a password with a code
from a facilitator."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from vendors.auth_backends import find_user
from vendors.reset_codes import CODE_LENGTH


class PortalLoginForm(AuthenticationForm):
    """Phone number or email, and a password. One message for every wrong
    combination: it must not tell which part was wrong."""

    error_messages = {
        "invalid_login": _(
            "The phone number, email or password is not right. Please check and try again."
        ),
        "inactive": _("This account is not active. Please ask your facilitator."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Phone number or email")
        username.widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        username.help_text = _("For example 0812 3456 7890")
        self.fields["password"].label = _("Password")


class PasswordResetWithCodeForm(forms.Form):
    """Who she is, the code her facilitator gave her and a new password.

    The code itself is checked by the view (vendors.reset_codes.redeem) once
    the new password has passed Django's password validators."""

    identifier = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("Code from your facilitator"),
        max_length=20,
        help_text=_("6 digits"),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
            }
        ),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    error_messages = {
        "password_mismatch": _("The two passwords are not the same."),
        "bad_code": _(
            "This code is not right or no longer valid. Please ask your facilitator for a new code."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = None

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not (code.isdigit() and len(code) == CODE_LENGTH):
            raise forms.ValidationError(
                _("The code has %(length)d digits.") % {"length": CODE_LENGTH}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        self.user = find_user(cleaned.get("identifier"))
        password1 = cleaned.get("new_password1")
        password2 = cleaned.get("new_password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error(
                    "new_password2",
                    forms.ValidationError(
                        self.error_messages["password_mismatch"], code="password_mismatch"
                    ),
                )
            else:
                try:
                    password_validation.validate_password(password2, self.user)
                except forms.ValidationError as error:
                    self.add_error("new_password2", error)
        return cleaned

    def add_bad_code_error(self):
        self.add_error("code", forms.ValidationError(self.error_messages["bad_code"]))
