"""Lindenhoven's weerstandsvermogen: the demo opens with a finished run in class C, a
year of register history that moves, and seeding twice adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from risks.models import CapacityStatement, Risk, Simulation
from risks.selectors import risk_trend

pytestmark = pytest.mark.django_db


def test_the_demo_lands_in_class_c_with_a_year_of_history():
    call_command("seed_demo", verbosity=0)
    run = Simulation.objects.get()
    assert run.state == Simulation.State.DONE
    assert run.rating == "C"
    assert 1 <= run.ratio < 1.4
    assert run.statement == CapacityStatement.objects.get()
    assert run.results["top"], "the page names the risks that contribute most"
    months = risk_trend(Risk.objects.all(), dt.date(2026, 11, 1))
    counts = [month.open_risks for month in months]
    assert len(counts) == 12 and len(set(counts)) > 3  # the register grew and shrank
    assert Risk.objects.filter(status=Risk.Status.CLOSED, closed_on__isnull=False).count() > 10
    call_command("seed_demo", verbosity=0)
    assert Simulation.objects.count() == 1
    assert CapacityStatement.objects.count() == 1
