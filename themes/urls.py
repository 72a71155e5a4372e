from django.urls import path

from themes import views

app_name = "themes"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:site_id>/", views.customize, name="customize"),
    path("tangkapan/<slug:key>.png", views.screenshot, name="screenshot"),
]
