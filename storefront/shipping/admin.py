from oscar.apps.shipping.admin import *  # noqa: F403  Oscar's fork convention
