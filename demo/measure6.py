"""The demo agency's measure-6 documents: goals of the year, position descriptions and evaluation
criteria in useful states. Data and the seeding function together; seed_demo calls `seed`.
Documents are made through the services, so their history and acknowledgements are real ones."""

from django.utils import timezone

from hrflow.thai import evaluation_round
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from personnel import services as hr_documents
from personnel.models import OrganisationGoal
from workflows import services

GOALS = (
    "ประชาชนได้รับบริการที่สะดวก รวดเร็ว และโปร่งใส",
    "การบริหารงานบุคคลเป็นไปตามหลักคุณธรรม",
    "โครงสร้างพื้นฐานได้มาตรฐานและทั่วถึง",
)

# position code, duties, steps, acknowledge every n-th, revision duties (or None)
POSITION_DESCRIPTIONS = (
    (
        "P05",
        [
            ("ดำเนินงานธุรการและสารบรรณของหน่วยงาน", 40),
            ("จัดทำแผนงานและติดตามผลการดำเนินงาน", 35),
            ("ประสานงานกับหน่วยงานภายในและภายนอก", 25),
        ],
        ("submit", "approve", "publish"),
        2,
        [
            ("ดำเนินงานธุรการและสารบรรณของหน่วยงาน", 35),
            ("จัดทำแผนงานและติดตามผลการดำเนินงาน", 35),
            ("ประสานงานกับหน่วยงานภายในและภายนอก", 20),
            ("สนับสนุนการเผยแพร่ข้อมูลตามมาตรการความโปร่งใส", 10),
        ],
    ),
    (
        "P09",
        [("ควบคุมงานก่อสร้างและซ่อมบำรุง", 70), ("สำรวจและประมาณราคา", 30)],
        ("submit", "approve", "publish"),
        3,
        None,
    ),
    ("P06", [("ตรวจสอบเอกสารการเบิกจ่าย", 60), ("จัดทำรายงานการเงิน", 40)], ("submit",), 0, None),
    ("P04", [("สรรหาและบรรจุแต่งตั้ง", 50), ("พัฒนาบุคลากร", 50)], (), 0, None),
)

ACHIEVEMENT = [
    {"name": "ผลสำเร็จของงานตามแผนปฏิบัติราชการประจำปี", "weight": 60, "goal": 1},
    {"name": "คุณภาพและความถูกต้องของงาน", "weight": 40, "goal": 2},
]
COMPETENCY = [
    {"name": "การมุ่งผลสัมฤทธิ์", "weight": 40},
    {"name": "การยึดมั่นในความถูกต้องชอบธรรมและจริยธรรม", "weight": 30},
    {"name": "การทำงานเป็นทีม", "weight": 30},
]
COMPONENTS = [
    {"name": "ผลสัมฤทธิ์ของงาน", "weight": 70, "items": ACHIEVEMENT},
    {"name": "สมรรถนะ", "weight": 30, "items": COMPETENCY},
]
# employment types, which round ("next" or "current"), steps, acknowledge every n-th
CRITERIA = (
    (("civil_servant",), "next", ("submit", "approve", "publish"), 2),
    (("contract",), "next", ("submit", "approve"), 0),
    (("permanent_worker",), "current", ("submit", "approve", "publish"), 2),
    (("permanent_worker",), "next", (), 0),
)
TYPE_NAMES = {
    "civil_servant": "ข้าราชการ",
    "contract": "พนักงานจ้าง",
    "permanent_worker": "ลูกจ้างประจำ",
}
# On the public evidence page once published (the in-review P06 shows that nothing else is).
PUBLIC_POSITIONS = {"P05", "P09", "P06"}
PUBLIC_CRITERIA = {("civil_servant",), ("permanent_worker",)}
LATE_REASON = "ระเบียบหลักเกณฑ์การประเมินฉบับใหม่ประกาศหลังเริ่มรอบการประเมิน"


def _walk(document, steps, clerk, executive):
    for step in steps:
        actor = clerk if step == "submit" else executive
        late = step == "publish" and document.step_needs_override("publish")
        document = services.apply_transition(
            document, step, by=actor, note=LATE_REASON if late else "", override=late
        )
    return document


def _acknowledge_some(document, every, keep_pending):
    if not every:
        return
    pending = Acknowledgement.objects.for_document(document).pending()
    for index, ack in enumerate(pending.select_related("employee__user").order_by("employee")):
        if index % every == 0 and ack.employee_id != keep_pending:
            acknowledge(ack, user=ack.employee.user, user_agent="seed_demo")


def seed(people, positions) -> int:
    """Everything above; returns how many documents were made."""
    clerk, executive = people["clerk"].user, people["executive"].user
    keep_pending = people["employee"].pk  # the demo employee always has something to do
    year, number = evaluation_round(timezone.localdate())
    rounds = {"current": (year, number), "next": (year, 2) if number == 1 else (year + 1, 1)}
    for fiscal_year in {year, rounds["next"][0]}:
        for goal_number, title in enumerate(GOALS, start=1):
            OrganisationGoal.objects.create(
                fiscal_year=fiscal_year, number=goal_number, title=title
            )
    made = 0
    for code, duties, steps, every, revision in POSITION_DESCRIPTIONS:
        position = positions[code]
        document = hr_documents.position_description_create(
            by=clerk,
            title=f"รายละเอียดของตำแหน่ง{position.name}",
            position=position,
            purpose=f"ปฏิบัติงานในตำแหน่ง{position.name}ตามที่ได้รับมอบหมาย",
            duties=[{"text": text, "share": share} for text, share in duties],
            qualifications="คุณวุฒิตามมาตรฐานกำหนดตำแหน่ง",
            competencies="การมุ่งผลสัมฤทธิ์\nการบริการที่ดี\nการทำงานเป็นทีม",
            indicators="ผลงานแล้วเสร็จตามกำหนดเวลา\nความพึงพอใจของผู้รับบริการ",
            is_public=code in PUBLIC_POSITIONS,
        )
        document = _walk(document, steps, clerk, executive)
        _acknowledge_some(document, every, None if revision else keep_pending)
        made += 1
        if revision:
            draft = services.document_revise(document, by=clerk)
            draft = hr_documents.position_description_update(
                draft, by=clerk, duties=[{"text": t, "share": s} for t, s in revision]
            )
            document = _walk(draft, ("submit", "approve", "publish"), clerk, executive)
            _acknowledge_some(document, every, keep_pending)
            made += 1
    for types, which, steps, every in CRITERIA:
        fiscal_year, round_number = rounds[which]
        names = ", ".join(TYPE_NAMES[t] for t in types)
        document = hr_documents.evaluation_criteria_create(
            by=clerk,
            title=f"เกณฑ์การประเมินผลการปฏิบัติงาน{names} รอบที่ {round_number}/{fiscal_year}",
            fiscal_year=fiscal_year,
            round=round_number,
            employment_types=list(types),
            components=COMPONENTS,
            is_public=types in PUBLIC_CRITERIA,
        )
        document = _walk(document, steps, clerk, executive)
        _acknowledge_some(document, every, keep_pending)
        made += 1
    return made
