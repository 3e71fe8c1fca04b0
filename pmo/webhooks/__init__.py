"""Webhooks: the beheerder subscribes a URL to events (a report submitted, a dimension
turned red, an exception, a gate decided, a scenario adopted, a dashboard built); each
event is delivered by Celery, signed with HMAC-SHA256, retried with exponential back-off,
logged per attempt, and a subscriber that keeps failing for a day is paused.

Domains announce events with `pmo.webhooks.events.emit(event, data)`; pmo knows no domain.
"""
