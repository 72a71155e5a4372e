"""Checking a theme before a shop uses it: its manifest, its parent, its
screenshot and stylesheet, and that every template it ships compiles."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template import TemplateSyntaxError, engines

from themes import active, registry


def problems(key):
    """What is wrong with the theme in folder ``key``, as sentences; empty
    when it is ready to use."""
    path = registry.THEMES_DIR / key
    try:
        theme = registry.read_manifest(path)
    except registry.ManifestError as error:
        return [str(error)]
    found = []
    if theme.parent and theme.parent not in registry.installed():
        found.append(f"{key}: its parent theme {theme.parent!r} is not installed")
        return found
    try:
        theme.chain()
    except registry.ManifestError as error:
        return [str(error)]
    if theme.screenshot and not (path / theme.screenshot).is_file():
        found.append(f"{key}: screenshot {theme.screenshot} is missing")
    for stylesheet in theme.stylesheets():
        if finders.find(stylesheet) is None:
            found.append(f"{key}: stylesheet {stylesheet} is not in any theme's static folder")
    found.extend(_template_problems(theme))
    return found


def _template_problems(theme):
    templates = theme.path / "templates"
    engine = engines["django"]
    found = []
    with active.using(theme.key):
        for file in sorted(templates.rglob("*.html")) if templates.is_dir() else []:
            name = str(Path(file).relative_to(templates))
            try:
                engine.get_template(name)
            except TemplateSyntaxError as error:
                found.append(f"{theme.key}: {name}: {error}")
    return found
