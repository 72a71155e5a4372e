"""A browser, as far as the two-server test needs one: cookies, forms and
redirects, each request sent to whichever app server the test names.

As the reverse proxy would, it sends X-Forwarded-Proto: https and the shop's
Host, and keeps Secure cookies although it speaks plain http to gunicorn
(http.cookiejar would drop them: the TLS ends at the proxy, not here).
"""

import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass
class Response:
    status: int
    headers: object
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


def raw_get(url, timeout=10):
    """GET `url` as is (no cookies, no proxy headers, no redirects)."""
    try:
        with _opener.open(url, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


class Browser:
    def __init__(self, host):
        self.host = host
        self.cookies = {}

    def request(self, server, path, data=None, files=None, headers=None):
        """One request to `server` (an app server's base URL); `data` makes
        it a POST (form-encoded, or multipart with `files`)."""
        if not path.startswith("/"):
            parsed = urllib.parse.urlsplit(path)
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        all_headers = {"Host": self.host, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, content_type = _multipart(data or {}, files)
            all_headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            # Django's CSRF check wants a same-origin Referer over https.
            all_headers.setdefault("Referer", f"https://{self.host}{path}")
        request = urllib.request.Request(server + path, data=body, headers=all_headers)
        try:
            with _opener.open(request, timeout=60) as response:
                result = Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            result = Response(error.code, error.headers, error.read())
        for header in result.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return result

    def get(self, server, path, **kwargs):
        return self.request(server, path, **kwargs)

    def post(self, server, path, data, referer=None, **kwargs):
        headers = {"Referer": f"https://{self.host}{referer}"} if referer else None
        return self.request(server, path, data=data, headers=headers, **kwargs)

    def csrf_token(self, page):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, "No CSRF token on the page"
        return match.group(1)

    def submit(self, server, page_path, page, form_action="", changes=None, files=None, field=None):
        """Post the form of `page` whose action contains `form_action` (and
        that has `field`), with its own values (the CSRF token too) and
        `changes`."""
        action, fields = form_values(page.text, form_action, field)
        fields.update(changes or {})
        target = urllib.parse.urljoin(page_path, action)
        return self.post(server, target, fields, referer=page_path, files=files)


def _multipart(fields, files):
    boundary = f"pasardesa{secrets.token_hex(8)}"
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _FormParser(HTMLParser):
    """Every form of a page: [(action, {name: value})], as a browser would
    submit it untouched (checked boxes, selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._fields = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = {}
            self.forms.append((attrs.get("action") or "", self._fields))
            return
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "file", "button", "image"}:
                self._fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self._fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            value = self._fields[self._textarea]
            self._fields[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None


def form_values(html, action_part="", field=None):
    """(action, {name: value}) of the first form whose action contains
    `action_part` and, if given, that has a field named `field`."""
    parser = _FormParser()
    parser.feed(html)
    for action, fields in parser.forms:
        if action_part in action and (field is None or field in fields):
            return action, dict(fields)
    raise AssertionError(f"No form posting to …{action_part}… with {field!r} on the page")
