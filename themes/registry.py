"""The installed themes: one folder each under themes/, described by its
theme.json manifest.

A manifest says who the theme is (name, version, description, author,
screenshot), which theme it extends if any (``parent``: a child theme falls
back to its parent for every template and static file it does not have),
and the options an operator may set in the customizer, each with a type and
a default. Themes are files deployed with the code, so reading them once per
process keeps nothing another server would need.

    {
      "name": "Desa",
      "version": "1.0.0",
      "description": {"id": "...", "en": "..."},
      "author": "Pasar Desa",
      "screenshot": "screenshot.png",
      "parent": null,
      "stylesheet": "desa/site.css",
      "options": [
        {"key": "primary_color", "type": "color", "default": "#2f6b3a",
         "label": {"id": "Warna utama", "en": "Main colour"}}
      ]
    }
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

THEMES_DIR = Path(__file__).resolve().parent
DEFAULT_THEME = "desa"
MANIFEST = "theme.json"

#: Option types the customizer knows how to edit and themes how to use.
OPTION_TYPES = {"color", "font", "image", "text"}
#: The fonts shipped with the project (storefront/static/fonts/, Latin
#: subset, regular and bold, SIL Open Font License): a font option chooses
#: among these. "system" uses the phone's own font and downloads nothing.
FONTS = {
    "system": {"label": "System", "family": "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"},
    "poppins": {"label": "Poppins", "family": "Poppins,system-ui,sans-serif", "file": "poppins"},
    "nunito": {"label": "Nunito", "family": "Nunito,system-ui,sans-serif", "file": "nunito"},
    "bitter": {"label": "Bitter", "family": "Bitter,Georgia,serif", "file": "bitter"},
}
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,48}$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


class ManifestError(ValueError):
    """A theme's manifest is missing, unreadable or wrong; says where."""


@dataclass(frozen=True)
class Option:
    key: str
    type: str
    default: object
    label: dict
    choices: tuple = ()
    max_length: int = 200
    #: The CSS custom property a colour or font option sets ("--brand").
    css_var: str = ""

    def label_text(self):
        return _in_language(self.label) or self.key

    def clean(self, value):
        """The value to use: ``value`` when it is valid for this option, else
        the default (settings stored before a theme changed stay harmless)."""
        if value in (None, ""):
            return None if self.type == "image" else self.default
        if self.type == "color":
            return value if isinstance(value, str) and COLOR_PATTERN.match(value) else self.default
        if self.type == "font":
            return value if value in self.choices else self.default
        if self.type == "image":  # a Wagtail image id, or none
            return value if isinstance(value, int) and value > 0 else None
        return str(value)[: self.max_length]


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    version: str
    description: dict
    author: str
    screenshot: str
    parent: str | None
    stylesheet: str
    options: tuple = field(default_factory=tuple)

    @property
    def path(self):
        return THEMES_DIR / self.key

    def description_text(self):
        return _in_language(self.description)

    def chain(self):
        """This theme, then its parent, its parent's parent...: where a
        template or option is looked for, in order."""
        themes, seen = [], set()
        theme = self
        while theme is not None:
            if theme.key in seen:
                raise ManifestError(f"{self.key}: themes extend each other in a circle")
            seen.add(theme.key)
            themes.append(theme)
            theme = installed().get(theme.parent) if theme.parent else None
        return themes

    def template_dirs(self):
        return [theme.path / "templates" for theme in self.chain()]

    def all_options(self):
        """Options of this theme and every ancestor, the nearest one winning."""
        options = {}
        for theme in reversed(self.chain()):
            options.update({option.key: option for option in theme.options})
        return options

    def values(self, chosen=None):
        """Every option's value: what the operator chose, else the default."""
        chosen = chosen or {}
        return {key: option.clean(chosen.get(key)) for key, option in self.all_options().items()}

    def css_variables(self, values):
        """The CSS custom properties the option values set, each colour with
        a darker shade for hovers and borders ("--brand-dark")."""
        variables = {}
        for key, option in self.all_options().items():
            if not option.css_var:
                continue
            value = values.get(key, option.default)
            if option.type == "color":
                variables[option.css_var] = value
                variables[f"{option.css_var}-dark"] = darker(value)
            elif option.type == "font":
                variables[option.css_var] = FONTS[value]["family"]
        return variables

    def images(self, values):
        """{option key: Wagtail image} of the image options that are set."""
        from wagtail.images import get_image_model

        wanted = {
            key: values.get(key)
            for key, option in self.all_options().items()
            if option.type == "image" and values.get(key)
        }
        if not wanted:
            return {}
        found = get_image_model().objects.in_bulk(set(wanted.values()))
        return {key: found[pk] for key, pk in wanted.items() if pk in found}

    def fonts(self, values):
        """The shipped fonts the option values use."""
        return [
            FONTS[values[key]]
            for key, option in self.all_options().items()
            if option.type == "font" and FONTS[values[key]].get("file")
        ]

    def stylesheets(self):
        """The stylesheets to link, the furthest ancestor's first, so a child
        theme's rules come last and win."""
        return [theme.stylesheet for theme in reversed(self.chain()) if theme.stylesheet]


def darker(color, by=0.25):
    """#rrggbb made darker by ``by`` (0-1)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(part * (1 - by)):02x}" for part in (red, green, blue))


def _in_language(texts):
    if isinstance(texts, str):
        return texts
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return (
        texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")
    )


def read_manifest(path):
    """The Theme described by the folder ``path``, or ManifestError."""
    key = path.name
    if not KEY_PATTERN.match(key):
        raise ManifestError(f"{key}: a theme folder is named with a-z, 0-9 and dashes only")
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{key}: no {MANIFEST}") from None
    except (OSError, ValueError) as error:
        raise ManifestError(f"{key}: {MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{key}: {MANIFEST} must hold an object")
    missing = [name for name in ("name", "version", "description", "author") if not data.get(name)]
    if missing:
        raise ManifestError(f"{key}: {MANIFEST} lacks {', '.join(missing)}")
    return Theme(
        key=key,
        name=str(data["name"]),
        version=str(data["version"]),
        description=data["description"],
        author=str(data["author"]),
        screenshot=str(data.get("screenshot") or ""),
        parent=data.get("parent") or None,
        stylesheet=str(data.get("stylesheet") or ""),
        options=tuple(_option(key, raw) for raw in data.get("options", [])),
    )


def _option(theme_key, raw):
    where = f"{theme_key}: option {raw.get('key', '?')!r}" if isinstance(raw, dict) else theme_key
    if not isinstance(raw, dict) or not raw.get("key") or raw.get("type") not in OPTION_TYPES:
        raise ManifestError(f"{where} needs a key and a type among {sorted(OPTION_TYPES)}")
    choices = tuple(raw.get("choices") or (FONTS if raw["type"] == "font" else ()))
    option = Option(
        key=raw["key"],
        type=raw["type"],
        default=raw.get("default", ""),
        label=raw.get("label") or raw["key"],
        choices=choices,
        max_length=int(raw.get("max_length", 200)),
        css_var=str(raw.get("css_var") or ""),
    )
    if option.css_var and not re.match(r"^--[a-z][a-z0-9-]*$", option.css_var):
        raise ManifestError(f"{where}: css_var must look like --brand")
    if option.type == "color" and not COLOR_PATTERN.match(str(option.default)):
        raise ManifestError(f"{where}: the default colour must look like #2f6b3a")
    if option.type == "font" and (
        option.default not in option.choices or not set(option.choices) <= set(FONTS)
    ):
        raise ManifestError(f"{where}: fonts are chosen among {sorted(FONTS)}")
    return option


@cache
def installed():
    """{key: Theme} of every folder under themes/ with a valid manifest.
    A broken theme is left out here; ``manage.py themes --check`` says why."""
    themes = {}
    for path in sorted(THEMES_DIR.iterdir()):
        if (path / MANIFEST).is_file():
            try:
                theme = read_manifest(path)
            except ManifestError:
                continue
            themes[theme.key] = theme
    return themes


def get(key):
    """The theme ``key``, or the default theme when it is not installed (a
    shop keeps working if its theme folder is removed)."""
    themes = installed()
    return themes.get(key) or themes[DEFAULT_THEME]


def choices():
    return [(key, theme.name) for key, theme in installed().items()]


def static_dirs():
    """Every theme's static folder, for STATICFILES_DIRS."""
    return [path for path in sorted(THEMES_DIR.glob("*/static")) if path.is_dir()]
