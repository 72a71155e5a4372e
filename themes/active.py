"""The theme a request is rendered with.

Set for the length of one request by themes.middleware (from the village
shop's settings, or a customizer preview) and read by the template loader
and the context processor. A context variable, so each thread or async task
sees its own request's theme; outside requests (emails, commands) it is the
default theme.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from themes import registry


@dataclass(frozen=True)
class ActiveTheme:
    theme: registry.Theme
    values: dict
    preview: bool = False


_current = ContextVar("theme", default=None)


def current():
    active = _current.get()
    if active is None:
        theme = registry.get(registry.DEFAULT_THEME)
        active = ActiveTheme(theme, theme.values())
    return active


@contextmanager
def using(theme_key, chosen=None, preview=False):
    """Render with the theme ``theme_key`` and the operator's ``chosen``
    option values inside the block."""
    theme = registry.get(theme_key)
    token = _current.set(ActiveTheme(theme, theme.values(chosen), preview))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
