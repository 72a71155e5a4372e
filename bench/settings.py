"""Settings of the load benchmark's app servers (bench/load.py): the
production settings, plus two kinds of page no shopper ever sees, to
measure against (bench/urls.py)."""

import copy
import os
from pathlib import Path

import oscar

from storefront.settings import *  # noqa: F403  the same stack, measured

ROOT_URLCONF = "bench.urls"

# Stock Oscar's own templates, for its own views: the peer, on the same data.
_stock = copy.deepcopy(TEMPLATES[0])  # noqa: F405
_stock.update(NAME="oscar-stock", DIRS=[Path(oscar.__file__).parent / "templates"])
_stock["OPTIONS"]["loaders"] = ["django.template.loaders.filesystem.Loader"]
TEMPLATES = [*TEMPLATES, _stock]  # noqa: F405

# Oscar's catalogue browses through haystack. Its simple backend lists
# nothing without a query, so the peer gets a real index: Whoosh, which
# Oscar's documentation suggests for a start (`manage.py update_index`).
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": os.environ.get("BENCH_WHOOSH_PATH", str(BASE_DIR / "var" / "whoosh")),  # noqa: F405
    }
}
