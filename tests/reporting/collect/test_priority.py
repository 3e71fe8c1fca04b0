"""Priority value and rank from the adopted afwegingskader, as its ranking page has them."""

import datetime as dt

import pytest
from django.utils import timezone

from portfolio.assessment.models import AssessmentFramework
from portfolio.projects.models import LifecycleStatus
from reporting.collect import BuildContext
from reporting.collect.priority import priorities
from reporting.models import Scope
from tests.support.factories import PortfolioFactory, ProjectFactory, scored_framework

pytestmark = pytest.mark.django_db

OCT = dt.date(2026, 10, 1)
# Frameworks; the scope's project ids; per framework criteria, candidates, scores.
QUERIES_ONE_FRAMEWORK = 5


def organisation() -> Scope:
    # At most one organisation scope, and the install may have made it.
    scope, _created = Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"}
    )
    return scope


def context(scope: Scope, period: dt.date = OCT) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=dt.date(2026, 12, 1))


def test_value_and_rank_follow_the_framework_weights():
    a, b, c = ProjectFactory.create_batch(3)
    # Weights 0.75 / 0.25: values 2.25, 0.75 and 1.0.
    scored_framework([a, b, c], values=[(3, 0), (0, 3), (1, 1)])

    found = priorities(context(organisation()))

    assert found[a.pk] == pytest.approx((2.25, 1))
    assert found[b.pk] == pytest.approx((0.75, 3))
    assert found[c.pk] == pytest.approx((1.0, 2))
    assert all(isinstance(rank, int) for _value, rank in found.values())


def test_rank_counts_the_whole_framework_and_only_scored_scope_projects_get_one():
    inside, unscored = ProjectFactory.create_batch(2)
    elsewhere = ProjectFactory(portfolio=PortfolioFactory(code="ANDER"))
    scored_framework([elsewhere, inside], values=[(3, 3), (1, 1)])
    scope = Scope.objects.create(
        kind=Scope.Kind.PORTFOLIO, portfolio=inside.portfolio, name="Testgemeente"
    )

    found = priorities(context(scope))

    # The best project sits in another portfolio: the scope's one is second.
    assert found == {inside.pk: pytest.approx((1.0, 2))}
    assert unscored.pk not in found


def test_only_the_newest_published_version_counts():
    project = ProjectFactory()
    old = scored_framework([project], values=[(3, 3)])
    new = scored_framework([project], values=[(1, 1)])
    new.name, new.number = old.name, 2
    new.save()
    scored_framework([project], values=[(-3, -3)], published=False)

    assert priorities(context(organisation())) == {project.pk: pytest.approx((1.0, 1))}


def test_a_framework_published_after_the_period_is_not_yet_adopted():
    project = ProjectFactory()
    framework = scored_framework([project], values=[(2, 2)])
    scope = organisation()
    framework.published_at = timezone.make_aware(dt.datetime(2026, 11, 5, 12))
    framework.save()

    assert priorities(context(scope, OCT)) == {}
    assert priorities(context(scope, dt.date(2026, 11, 1))) == {project.pk: pytest.approx((2.0, 1))}


def test_scored_in_two_frameworks_the_latest_published_wins():
    project, other = ProjectFactory.create_batch(2)
    first = scored_framework([project, other], values=[(3, 3), (0, 0)])
    second = scored_framework([other, project], values=[(3, 3), (-1, -1)])
    first.published_at = timezone.make_aware(dt.datetime(2026, 3, 1))
    second.published_at = timezone.make_aware(dt.datetime(2026, 6, 1))
    first.save()
    second.save()

    found = priorities(context(organisation()))

    assert found[project.pk] == pytest.approx((-1.0, 2))
    assert found[other.pk] == pytest.approx((3.0, 1))


def test_without_adopted_framework_there_is_no_priority():
    project = ProjectFactory()
    scored_framework([project], published=False)
    closed = ProjectFactory(status=LifecycleStatus.COMPLETED, closed_on=dt.date(2026, 11, 30))
    AssessmentFramework.objects.update(status=AssessmentFramework.Status.DRAFT)
    scored_framework([closed])

    # The draft does not count; a closed project is no candidate of the afwegingskader.
    assert priorities(context(organisation())) == {}


def test_query_count_does_not_grow_with_the_projects(django_assert_num_queries):
    ctx = context(organisation())
    small = ProjectFactory.create_batch(3)
    scored_framework(small)
    with django_assert_num_queries(QUERIES_ONE_FRAMEWORK):
        assert len(priorities(ctx)) == 3
    AssessmentFramework.objects.all().delete()
    scored_framework([*small, *ProjectFactory.create_batch(27)])
    with django_assert_num_queries(QUERIES_ONE_FRAMEWORK):
        assert len(priorities(ctx)) == 30
