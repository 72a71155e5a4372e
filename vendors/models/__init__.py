"""Models of the partner fork: producers, their groups and accounts
(producers), their formality checklist (formality), the ledger of what the
shop owes each of them (ledger) and their price calculations (pricing).

Ours come first: Oscar's import below only adds the models not defined yet.
"""

# ruff: noqa: F403, I001
from vendors.models.producers import *
from vendors.models.formality import *
from vendors.models.ledger import *
from vendors.models.pricing import *

from oscar.apps.partner.models import *  # Oscar's fork convention
