from oscar.apps.offer.models import *  # noqa: F403  Oscar's fork convention

# The whole-rupiah benefits are proxy models: registered with the app.
from storefront.offer import benefits  # noqa: E402,F401
