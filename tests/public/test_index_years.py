"""The public index lists a fiscal year once it has begun; a later year's documents (criteria
adopted ahead) stay reachable at their own address."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hrflow.thai import fiscal_year
from personnel.models import EvaluationCriteria

pytestmark = pytest.mark.django_db


def test_the_index_lists_only_fiscal_years_that_have_begun(public_world, as_):
    current = fiscal_year(timezone.localdate())
    criteria = public_world.shown.criteria
    EvaluationCriteria.objects.filter(pk=criteria.pk).update(fiscal_year=current + 2)
    client = as_(None, lang="")

    index = client.get(reverse("public:index")).content.decode()
    assert f'data-year="{current}"' in index
    assert f'data-year="{current + 2}"' not in index
    assert str(current + 2) not in index
    ahead = client.get(reverse("public:year", args=[current + 2]))
    assert ahead.status_code == 200 and criteria.title in ahead.content.decode()
