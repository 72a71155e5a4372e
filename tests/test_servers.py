"""The throwaway servers of tests/servers.py start, answer and go away."""

import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import psycopg
import pytest
import stripe

from tests.servers import HOST, free_port, postgresql_server


def stripe_client(localstripe):
    return stripe.StripeClient(localstripe.secret_key, base_addresses={"api": localstripe.url})


def test_localstripe_keeps_objects_until_flushed(localstripe):
    client = stripe_client(localstripe)
    customer = client.v1.customers.create(params={"email": "siti@example.com"})

    assert client.v1.customers.retrieve(customer.id).email == "siti@example.com"
    localstripe.flush()
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.customers.retrieve(customer.id)
    assert not os.path.exists("/tmp/localstripe.pickle")


def test_localstripe_sends_signed_webhooks(localstripe):
    received = queue.Queue()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = HTTPServer((HOST, free_port()), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    url = f"http://{HOST}:{hook.server_port}/"
    try:
        localstripe.register_webhook(url, "whsec_test", ["customer.created"], webhook_id="test")
        customer = stripe_client(localstripe).v1.customers.create()
        # localstripe sends an event a second after it happens, to the
        # webhooks registered by then: other tests' events may come first.
        while True:
            body, signature = received.get(timeout=10)
            event = stripe.Webhook.construct_event(body, signature, "whsec_test")
            if event.data.object.id == customer.id:
                break
    finally:
        # Webhooks outlive flush(): silence this one for the rest of the session.
        localstripe.register_webhook(url, "whsec_test", [], webhook_id="test")
        hook.shutdown()
        hook.server_close()

    assert event.type == "customer.created"


def test_postgresql_goes_away_even_when_the_block_raises():
    class Failure(Exception):
        pass

    with pytest.raises(Failure):
        with postgresql_server() as server:
            with psycopg.connect(server.url()) as connection:
                data_dir = Path(connection.execute("SHOW data_directory").fetchone()[0])
            raise Failure

    assert not data_dir.parent.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url(), connect_timeout=2)
