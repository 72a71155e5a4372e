"""URL of the lazy product photo renditions, included under /r/."""

from django.urls import path

from catalog.rendition_views import rendition

urlpatterns = [
    path("<int:width>/<str:fmt>/<path:path>", rendition, name="product-rendition"),
]
