"""The register as it would stand had every demo circular been published on the day it shows.

The services number a circular when it is published, in today's BE year; the past fiscal year's
circulars are published today and dated back afterwards (demo.reports), so their numbers are
dated back too: 1, 2, … in publishing order within each BE year, and the register's counters
where that leaves them, so the next real publish carries on from there."""

from django.utils import timezone

from circulars.models import Circular
from hrflow.thai import be_year
from workflows.models import RegisterCounter


def renumber_in_date_order() -> None:
    numbered = list(Circular.objects.filter(number__isnull=False).order_by("published_at", "pk"))
    # Cleared first, so no two circulars share a number at any step (the register is unique).
    Circular.objects.filter(pk__in=[c.pk for c in numbered]).update(number=None)
    last: dict[tuple[str, int], int] = {}
    for circular in numbered:
        year = be_year(timezone.localdate(circular.published_at))
        key = (circular.register_code, year)
        last[key] = last.get(key, 0) + 1
        Circular.objects.filter(pk=circular.pk).update(number_year=year, number=last[key])
    codes = {code for code, _year in last}
    for counter in RegisterCounter.objects.filter(code__in=codes):
        # A year the dating back emptied keeps its row, at zero.
        last.setdefault((counter.code, counter.year), 0)
    for (code, year), number in last.items():
        RegisterCounter.objects.update_or_create(
            code=code, year=year, defaults={"last_number": number}
        )
