"""One runner for the permission trio (owner, colleague, outsider) and every role.

The users are the fixtures of tests/conftest.py, each with a docstring saying who they are.
A test names the answer it expects of each user and compares the whole table at once, so
a failure shows every user whose answer differs:

    assert answers(client, request, url) == {"owner": 200, "colleague": 200, ...}
"""

from collections.abc import Iterable

TRIO = ("owner", "colleague", "outsider")
ROLES = ("board_member", "analyst", "administrator", "no_role_user")
EVERYONE = TRIO + ROLES


def answers(
    client,
    request,
    url: str,
    *,
    method: str = "get",
    data: dict | None = None,
    who: Iterable[str] = EVERYONE,
    headers: dict | None = None,
) -> dict[str, int]:
    """The status code `url` answers each named user (fixture names)."""
    result = {}
    for name in who:
        client.force_login(request.getfixturevalue(name))
        send = getattr(client, method)
        response = send(url, data or {}, headers=headers or {})
        result[name] = response.status_code
    client.logout()
    return result


def expect(default: int, **overrides: int) -> dict[str, int]:
    """The expected table: `default` for everyone, with named exceptions."""
    return {name: overrides.get(name, default) for name in EVERYONE}
