from oscar.apps.analytics.admin import *  # noqa: F403  Oscar's fork convention
