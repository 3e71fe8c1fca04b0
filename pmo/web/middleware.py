"""What every signed-in request shares: private pages and sessions that end when idle."""

import time


class PrivatePages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "private, no-store"
        return response


# How often an active session is renewed: often enough that "idle" is within minutes of
# SESSION_COOKIE_AGE, rarely enough that pages do not write the session on every request.
RENEW_SECONDS = 300


class IdleSessions:
    """A session lives SESSION_COOKIE_AGE from its last renewal; activity renews it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get("_renewed", 0) > RENEW_SECONDS:
                session["_renewed"] = now  # modified: the session is saved, expiry renewed
        return self.get_response(request)


def renewed_at_login(sender, request, user, **kwargs):
    """Logging in starts the idle clock (the login itself saves the session)."""
    if request is not None and hasattr(request, "session"):
        request.session["_renewed"] = int(time.time())
