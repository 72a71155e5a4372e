"""Run localstripe for tests: `python tests/localstripe_server.py --port N`.

localstripe's own command listens on every interface ('::') and pickles
its objects to the fixed path /tmp/localstripe.pickle after every write,
so that parallel runs on one machine would share (and race on) one file
and see the objects of earlier runs. This runs the same aiohttp app on
127.0.0.1 only, with the objects kept in memory only.
"""

import argparse
import logging

from aiohttp import web
from localstripe import resources

# Before localstripe.server is imported and anything is stored.
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None

from localstripe.server import app  # noqa: E402  after the patch above


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # localstripe reports webhook deliveries to this logger.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
