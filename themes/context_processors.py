from django.utils.functional import SimpleLazyObject

from themes import active


def theme(request):
    """The active theme, its option values, the CSS custom properties they
    set, the shipped fonts they use, and its images (looked up only by a
    template that shows one, in one query)."""
    current = active.current()
    return {
        "theme": current.theme,
        "theme_options": current.values,
        "theme_css_variables": current.theme.css_variables(current.values),
        "theme_fonts": current.theme.fonts(current.values),
        "theme_images": SimpleLazyObject(lambda: current.theme.images(current.values)),
        "theme_preview": current.preview,
    }
