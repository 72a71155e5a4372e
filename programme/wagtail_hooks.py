"""The rubric and the partner institutions in /cms/, under Programme."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from programme.models import Institution, Rubric


class KeepRubricsPolicy(ModelPermissionPolicy):
    """Nobody deletes a rubric: assessments were scored with its versions."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "delete"])


class RubricViewSet(SnippetViewSet):
    """Saving a changed rubric records a new version; assessments already
    made keep theirs."""

    model = Rubric
    icon = "list-ol"
    list_display = ["name", "updated_at"]


register_permission_policy(Rubric, KeepRubricsPolicy(Rubric))


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    items = (RubricViewSet, InstitutionViewSet)
    menu_icon = "table"
    menu_label = _("Programme")
    menu_name = "programme"


register_snippet(ProgrammeViewSetGroup)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    """The reports live outside /cms/ (programme partners read them too)."""
    return MenuItem(
        _("Programme reports"),
        reverse("programme:report-clusters"),
        icon_name="table",
        order=9000,
    )
