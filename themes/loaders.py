"""Template loading per theme.

TEMPLATES lists ``themes.loaders.Loader`` wrapping the theme folders and the
apps' templates. Each template name is looked for in the active theme, then
its parent themes, then the apps (Oscar's and ours), and the compiled
template is cached per theme: switching a shop's theme shows on its next
request, with no restart, while other shops keep theirs.
"""

from django.template.loaders import cached, filesystem

from themes import active


class ThemeDirectoriesLoader(filesystem.Loader):
    """The active theme's template folders, nearest theme first."""

    def get_dirs(self):
        return active.current().theme.template_dirs()


class Loader(cached.Loader):
    """Django's cached loader, keeping one cache entry per theme."""

    def cache_key(self, template_name, skip=None):
        return f"{active.current().theme.key}:{super().cache_key(template_name, skip)}"
