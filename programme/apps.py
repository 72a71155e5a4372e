from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """Programme impact: cluster assessments (IR1/IR2/IR3) of producers and
    groups, the institutions that support them, and the reports programme
    partners read."""

    name = "programme"
    verbose_name = _("Programme impact")
