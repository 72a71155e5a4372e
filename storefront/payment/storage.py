"""The private storage of payment receipts, looked up when first used.

A FileField keeps the storage object it was given when the models load;
this lazy one resolves settings.STORAGES["private"] on first use and again
after the setting changes (tests point it at a temporary folder), as
Django's own default_storage does.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
