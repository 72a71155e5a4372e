from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("", views.ProducerListView.as_view(), name="producer-list"),
    path("<slug:code>/", views.ProducerDetailView.as_view(), name="producer-detail"),
]
