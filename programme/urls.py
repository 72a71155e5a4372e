"""Programme pages (/program/): assessments for facilitators, reports for
operators and programme partners. Every route here must appear in
tests/programme/test_programme_access.py."""

from programme.views import assessments, reports

app_name = "programme"

urlpatterns = [
    *assessments.urlpatterns,
    *reports.urlpatterns,
]
