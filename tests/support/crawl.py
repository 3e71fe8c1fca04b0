"""Every form a user can reach: follow the links of the pages they see, collect the forms.

A form is where a page POSTs (a `<form method="post">`, or an element with `hx-post`),
with the names of its fields and the values the page filled in.
"""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from uuid import UUID

from django.urls import resolve

# Not followed or not posted to: signing out would end the crawl, the login counts
# failures (django-axes), and the admin and the API have their own tests.
SKIPPED = ("/uitloggen/", "/inloggen/", "/admin/", "/api/", "/static/", "/i18n/")


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    # What each field takes, as its markup says: "number", "date", "text", "token" (a
    # one-time form token, new for each post) or "fixed" (hidden fields, choices,
    # checkboxes: only the page's value is a plausible one).
    kinds: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        # One per view: the same form for another period or score cell is not another.
        return (resolve(urlsplit(self.action).path).view_name, tuple(sorted(self.fields)))


def _kind(tag: str, attrs: dict) -> str:
    if tag == "textarea":
        return "text"
    if tag != "input":
        return "fixed"
    kind = attrs.get("type", "text")
    if kind == "hidden" and _is_uuid(attrs.get("value") or ""):
        return "token"
    if kind == "date":
        return "date"
    if kind == "number" or attrs.get("inputmode") in ("numeric", "decimal"):
        return "number"
    return "text" if kind in ("text", "search", "url", "email") else "fixed"


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


class _Page(HTMLParser):
    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._open: list[Form] = []
        self._select: str | None = None  # the select whose options come next

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        target = attrs.get("hx-post")
        if tag == "form" and (attrs.get("method", "").lower() == "post" or target):
            form = Form(urljoin(self.url, target or attrs.get("action") or self.url))
            self.forms.append(form)
            self._open.append(form)
            return
        name = attrs.get("name")
        if target and tag != "form":
            # A field that posts itself (the score grid): a form of its own.
            self.forms.append(Form(urljoin(self.url, target), {name: attrs.get("value") or ""}))
            return
        if tag == "option" and self._open and self._select:
            fields = self._open[-1].fields
            if fields.get(self._select) == "" or "selected" in attrs:
                fields[self._select] = attrs.get("value") or ""
            return
        if not (self._open and name and tag in ("input", "select", "textarea", "button")):
            return
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
            return
        self._select = name if tag == "select" else None
        form = self._open[-1]
        form.fields.setdefault(name, attrs.get("value") or "")
        form.kinds.setdefault(name, _kind(tag, attrs))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self._open:
            self._open.pop()


def reachable_forms(
    client, start: list[str], *, max_pages: int = 200, variants: int = 6
) -> list[Form]:
    """The POST forms on the pages reachable from `start`, one per action and fields.
    A path is visited with at most `variants` query strings (its tabs, a period), so
    sort and page links do not multiply the crawl."""
    queue, seen = deque(start), set()
    per_path: dict[str, int] = {}
    forms: dict[tuple, Form] = {}
    while queue and len(seen) < max_pages:
        parts = urlsplit(queue.popleft())
        url = f"{parts.path}?{parts.query}" if parts.query else parts.path
        if parts.netloc not in ("", "testserver") or url in seen:
            continue
        if parts.path.startswith(SKIPPED) or per_path.get(parts.path, 0) >= variants:
            continue
        seen.add(url)
        per_path[parts.path] = per_path.get(parts.path, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page(f"http://testserver{url}")
        page.feed(response.content.decode())
        queue.extend(page.links)
        for form in page.forms:
            if not urlsplit(form.action).path.startswith(SKIPPED):
                forms.setdefault(form.key, form)
    return list(forms.values())
