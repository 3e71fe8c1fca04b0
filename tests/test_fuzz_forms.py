"""Random values of the wrong kind in every form a user can reach never answer 500
(issue 10, item 10). The forms are found by following links, as a user would. Each
field of each form in turn gets something unexpected while the others stay plausible."""

import datetime as dt
import os
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.governance.models import BoardMeeting
from portfolio.scenarios.services import scenario_solve
from tests.support.crawl import reachable_forms
from tests.support.world import build_world

pytestmark = pytest.mark.django_db

# Random examples per field of each form (FUZZ_EXAMPLES raises it for a longer search).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))

# Every field gets each of these (the kinds that broke pages before), then random ones.
ODD = [
    "NaN",
    "-Infinity",
    "1e400",
    "99999999999999999999",
    "3000000000",
    "-1",
    "",
    "\x00",
    "0001-01-01",
    "2026-02-30",
    "€ 1.000,00,0",
    "<script>alert(1)</script>",
    "x" * 5000,
    ["1", "2"],  # the same field sent twice
]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
wrong = st.one_of(
    st.sampled_from(ODD),
    text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(repr),
    st.dates().map(str),
    st.lists(text, min_size=2, max_size=3),  # the same field sent twice
)


# What a user might really type, so that the other fields pass and the wrong one reaches
# as deep as it can (a required name left empty would stop every post at the form).
FRESH = "<a new token>"  # a one-time form token: a reused one would find the first post's
PLAUSIBLE = {
    "number": ["1", "12"],
    "date": ["2027-03-01"],
    "text": ["Nieuwe naam"],
    "token": [FRESH],
    "fixed": [],
}


def fuzz(client, form, target: str) -> None:
    """Posts with something unexpected in `target`: each of ODD, then random values. The
    other fields keep a plausible value (one a user might type, or the page's own), so
    the post gets as far as it can."""
    choices = {
        name: [*PLAUSIBLE[form.kinds.get(name, "fixed")], value]
        for name, value in form.fields.items()
        if name != target
    }

    def check(data: dict, htmx: bool) -> None:
        data = {
            name: str(uuid.uuid4()) if value == FRESH else value for name, value in data.items()
        }
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(form.action, data, headers=headers)
        assert response.status_code < 500, (form.action, data)

    plausible = {name: values[0] for name, values in choices.items()}
    for value in ODD:
        check({**plausible, target: value}, htmx=False)
    others = {name: st.sampled_from(values) for name, values in choices.items()}
    search = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(given(data=st.fixed_dictionaries({**others, target: wrong}), htmx=st.booleans())(check))
    search()


@pytest.mark.parametrize("role", ["owner", "analyst", "board_member"])
def test_wrong_values_in_every_form_never_give_500(client, request, department, owner, role):
    world = build_world(department, owner)
    scenario = world["scenario"]
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)  # adoptable now
    # Held yesterday, so the board may decide its agenda (no decision before the date).
    BoardMeeting.objects.filter(pk=world["meeting"].pk).update(
        date=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(request.getfixturevalue(role))
    start = [
        "/",
        world["project"].get_absolute_url(),
        world["report"].get_absolute_url(),
        world["meeting"].get_absolute_url(),
        reverse("scenarios:scenario_detail", args=[world["scenario"].pk]),
        reverse("assessment:framework_detail", args=[world["framework"].pk]),
    ]
    forms = reachable_forms(client, start)
    # The crawl must have found the role's forms, or this test would prove nothing.
    assert len(forms) >= {"owner": 4, "analyst": 15, "board_member": 3}[role], [
        f.action for f in forms
    ]
    for form in forms:
        for target in form.fields:
            if target != "csrfmiddlewaretoken":  # the test client does not check it
                fuzz(client, form, target)
