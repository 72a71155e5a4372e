"""Instructors' pages (/latih/), one module per area. Every route here
must appear in tests/training/test_training_access.py."""

from training.views import cohorts, dashboard

app_name = "training"

urlpatterns = [
    *cohorts.urlpatterns,
    *dashboard.urlpatterns,
]
