"""The demo year's integrity report, evidenced: the agency is named in its settings, and the
year's circulars that prove measures 4 (government property), 5 (procurement) and 7
(preventing corruption) are tagged with them, so the report lists them with public links."""

from circulars.models import Circular
from hrflow.agency import Agency
from reports import evidence as tags
from reports import services as reports
from reports.models import Measure
from workflows.models import State

# measure number → titles of the demo year's circulars (demo/reports.py) that evidence it
MEASURE_EVIDENCE = {
    4: ("แนวปฏิบัติการยืมและการใช้ทรัพย์สินของทางราชการ",),
    5: ("แผนการจัดซื้อจัดจ้างประจำปีงบประมาณ",),
    7: (
        "ประกาศเจตจำนงสุจริตของผู้บริหาร ประจำปีงบประมาณ",
        "แนวทางการรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "มาตรการป้องกันผลประโยชน์ทับซ้อน",
        "ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ",
        "ผลการประเมินคุณธรรมและความโปร่งใสและแนวทางการปรับปรุง",
    ),
}
# Evidence for an assessor is on the public page: these circulars are published as public.
PUBLIC_TITLES = frozenset(title for titles in MEASURE_EVIDENCE.values() for title in titles)


def seed(year: int, agency: str, clerk) -> None:
    Agency.objects.update_or_create(pk=1, defaults={"name": agency})
    reports.measures_for(year, create=True)
    for number, titles in MEASURE_EVIDENCE.items():
        measure = Measure.objects.get(fiscal_year=year, number=number)
        for title in titles:
            circular = Circular.objects.get(title=title, state=State.PUBLISHED)
            tags.measure_tag(measure, by=clerk, target=f"{Circular.kind_slug}:{circular.pk}")
