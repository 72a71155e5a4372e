from oscar.apps.payment.admin import *  # noqa: F403  Oscar's fork convention
