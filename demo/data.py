"""The demo agency's facts: units, positions, people and circulars. Only data; seed_demo writes it.

Names are ordinary Thai names put together for the demo; any likeness to a real person is chance.
"""

AGENCY = "องค์การบริหารส่วนจังหวัดลำปาง (ข้อมูลสาธิต)"
PASSWORD = "hrflow-demo"  # noqa: S105 - the documented demo password
EMAIL_DOMAIN = "lampang-pao.example"
# A unit of every demo agency so far; when it exists the demo agency has been loaded already.
MARKER_UNIT = "PAL"

# code, name, kind, parent code. The agency is the root: its executive (the ปลัด, the `executive`
# login) approves every unit's documents; each office's director only their own office's.
UNITS = (
    ("PAO", "องค์การบริหารส่วนจังหวัดลำปาง", "office", None),
    ("PAL", "สำนักปลัดองค์การบริหารส่วนจังหวัด", "office", "PAO"),
    ("PAL-GEN", "ฝ่ายบริหารงานทั่วไป", "section", "PAL"),
    ("HR", "กองการเจ้าหน้าที่", "office", "PAO"),
    ("HR-REC", "ฝ่ายสรรหาและบรรจุแต่งตั้ง", "section", "HR"),
    ("FIN", "กองคลัง", "office", "PAO"),
    ("FIN-SUP", "ฝ่ายพัสดุและทรัพย์สิน", "section", "FIN"),
    ("ENG", "กองช่าง", "office", "PAO"),
    ("AUD", "หน่วยตรวจสอบภายใน", "office", "PAO"),
)

POSITIONS = (
    ("P01", "ปลัดองค์การบริหารส่วนจังหวัด"),
    ("P02", "ผู้อำนวยการกอง"),
    ("P03", "หัวหน้าฝ่าย"),
    ("P04", "นักทรัพยากรบุคคล"),
    ("P05", "นักจัดการงานทั่วไป"),
    ("P06", "นักวิชาการเงินและบัญชี"),
    ("P07", "นักวิชาการพัสดุ"),
    ("P08", "วิศวกรโยธา"),
    ("P09", "นายช่างโยธา"),
    ("P10", "นักวิชาการตรวจสอบภายใน"),
    ("P11", "เจ้าพนักงานธุรการ"),
    ("P12", "พนักงานขับรถยนต์"),
    ("P13", "คนงานทั่วไป"),
)

CIVIL, PERMANENT, CONTRACT = "civil_servant", "permanent_worker", "contract"

# The logins of the design: username, title, first name, last name, unit, position, type, roles.
LOGINS = (
    ("executive", "นาย", "สมศักดิ์", "ทองประเสริฐ", "PAO", "P01", CIVIL, ("employee", "executive")),
    ("clerk", "นางสาว", "พิมพ์ชนก", "ศรีสุวรรณ", "HR", "P04", CIVIL, ("employee", "clerk")),
    ("employee", "นาย", "อนุชา", "แก้วมณี", "PAL-GEN", "P05", CIVIL, ("employee",)),
    ("auditor", "นาง", "วิไลวรรณ", "จันทร์เพ็ญ", "AUD", "P10", CIVIL, ("auditor",)),
    ("admin", "นางสาว", "กนกวรรณ", "บุญมา", "HR", "P04", CIVIL, ("admin",)),
)  # fmt: skip

# Everyone else, unit by unit, as (position, employment type): the first one is the unit's head
# unless HEADED_BY_LOGIN says otherwise. Heads of offices approve (executive role).
STAFF = {
    "PAL": (("P02", CIVIL), ("P12", PERMANENT), ("P12", PERMANENT), ("P13", CONTRACT)),
    "PAL-GEN": (
        ("P03", CIVIL),
        ("P05", CIVIL),
        ("P05", CONTRACT),
        ("P11", PERMANENT),
        ("P11", CIVIL),
        ("P11", CONTRACT),
        ("P13", CONTRACT),
        ("P13", PERMANENT),
    ),
    "HR": (("P02", CIVIL), ("P04", CIVIL), ("P11", CIVIL), ("P11", CONTRACT)),
    "HR-REC": (
        ("P03", CIVIL),
        ("P04", CIVIL),
        ("P04", CIVIL),
        ("P04", CONTRACT),
        ("P11", CONTRACT),
    ),
    "FIN": (
        ("P02", CIVIL),
        ("P06", CIVIL),
        ("P06", CIVIL),
        ("P06", CONTRACT),
        ("P11", CIVIL),
        ("P11", CONTRACT),
        ("P11", CONTRACT),
        ("P13", PERMANENT),
        ("P13", CONTRACT),
    ),
    "FIN-SUP": (
        ("P03", CIVIL),
        ("P07", CIVIL),
        ("P07", CIVIL),
        ("P07", CONTRACT),
        ("P11", CONTRACT),
        ("P13", CONTRACT),
    ),
    "ENG": (
        ("P02", CIVIL),
        ("P08", CIVIL),
        ("P08", CIVIL),
        ("P09", CIVIL),
        ("P09", CIVIL),
        ("P09", CONTRACT),
        ("P09", CONTRACT),
        ("P11", CIVIL),
        ("P11", CONTRACT),
        ("P12", PERMANENT),
        ("P13", PERMANENT),
        ("P13", CONTRACT),
        ("P13", CONTRACT),
        ("P13", CONTRACT),
        ("P13", CONTRACT),
        ("P13", CONTRACT),
    ),
    "AUD": (("P02", CIVIL), ("P10", CIVIL), ("P10", CONTRACT)),
}
# Units headed by a login rather than by the first person listed in STAFF.
HEADED_BY_LOGIN = {"PAO": "executive"}
# Heads of offices approve and publish; the head of internal audit audits.
HEAD_ROLES = {"AUD": ("employee", "auditor")}
OFFICE_HEAD_ROLES = ("employee", "executive")

MALE_FIRST = (
    "สมชาย", "ประเสริฐ", "วีระพงษ์", "ธนากร", "สุรชัย", "อภิชาติ", "ชัยวัฒน์", "ณัฐพล",
    "กิตติศักดิ์", "พงศกร", "วิทยา", "ศุภชัย", "จักรพันธ์", "ธีรวัฒน์", "บุญเลิศ", "สมบัติ",
    "ปิยะพงษ์", "เอกชัย", "ภานุวัฒน์", "ไพโรจน์", "อนันต์", "สุทธิพงษ์", "ทวีศักดิ์", "มานพ",
    "รัฐพล", "เกียรติศักดิ์", "นพดล", "ศักดิ์ชัย",
)  # fmt: skip
FEMALE_FIRST = (
    "สุภาพร", "วรรณา", "กาญจนา", "ปราณี", "อรุณี", "ศิริพร", "จิราพร", "นันทนา",
    "พรทิพย์", "รัชนี", "สุนิสา", "อัญชลี", "ธิดารัตน์", "ปวีณา", "มาลัย", "เพ็ญศรี",
    "ลัดดาวัลย์", "ชุติมา", "รุ่งนภา", "สายสุนีย์", "ดวงใจ", "ณัฐธิดา", "วิภาวรรณ", "อรทัย",
    "ขวัญใจ", "พัชรินทร์", "ยุพิน",
)  # fmt: skip
SURNAMES = (
    "ใจดี", "ศรีวิชัย", "แสงทอง", "บุญเรือง", "คำแปง", "อินต๊ะ", "ปัญญาดี", "วงศ์ใหญ่",
    "สุวรรณรัตน์", "จันทร์ตา", "กันทะวงศ์", "ธนสาร", "ทองคำ", "พรหมมา", "ชัยมงคล", "ศรีสุข",
    "มณีวงศ์", "ไชยวงค์", "เรือนแก้ว", "ปินตา", "สิทธิโชค", "คำมูล", "นาคสวัสดิ์", "ภูมิพัฒน์",
    "อุ่นเรือน", "แก้วประเสริฐ", "ดวงดี", "ตาคำ", "รักษาพล", "บัวแก้ว", "สายสุวรรณ", "ทิพย์มณี",
    "ยอดเมือง", "วงค์ษา", "ขัติยะ", "มหาวัน", "อ้ายแก้ว", "จิตตรง", "เตชะ", "สมฤทธิ์",
    "ประสานพันธ์", "ศรีบุญเรือง", "นันทะ", "ปานทอง", "หมื่นแสน", "ลือชัย", "เชียงทอง",
    "วรรณศรี", "คำฟู", "แสนคำ", "พิมพ์ดี", "รัตนวงศ์", "ชมภู", "อินทรวงศ์", "สุขเกษม",
)  # fmt: skip


def people():
    """(title, first name, last name) for everyone in STAFF, the same every time."""
    count = sum(len(slots) for slots in STAFF.values())
    for index in range(count):
        if index % 2 == 0:
            first, title = MALE_FIRST[index // 2 % len(MALE_FIRST)], "นาย"
        else:
            first = FEMALE_FIRST[index // 2 % len(FEMALE_FIRST)]
            title = "นาง" if index % 4 == 1 else "นางสาว"
        yield title, first, SURNAMES[(index * 7) % len(SURNAMES)]


# Circulars: what they say and how far each one gets. `days` is the deadline from today
# (negative: already past). `ack_every` acknowledges every n-th recipient (0: nobody).
# Steps beyond "draft": submit, send_back, approve, publish, withdraw, archive. A `revision`
# is a second version (its new body) taken through the workflow after the first was published.
# `letter`: how it is printed (circulars.services.LETTER_FIELDS; a memo unless it says).
CIRCULARS = (
    {
        "title": "แนวปฏิบัติการลาพักผ่อนประจำปีงบประมาณ",
        "letter": {"addressee": "บุคลากรทุกคน"},
        "body": "<p>ขอแจ้งแนวปฏิบัติการยื่นใบลาพักผ่อนผ่านผู้บังคับบัญชาตามลำดับชั้น "
        "โดยยื่นล่วงหน้าอย่างน้อย 3 วันทำการ</p>",
        "audience": "everyone",
        "days": 30,
        "steps": (),
    },
    {
        "title": "ประกาศรับสมัครบุคคลเพื่อสรรหาเป็นพนักงานจ้างทั่วไป",
        "body": "<p>ด้วยองค์การบริหารส่วนจังหวัดประสงค์จะรับสมัครบุคคลเพื่อสรรหาเป็นพนักงานจ้างทั่วไป "
        "จำนวน 3 อัตรา</p>",
        "audience": "HR",
        "days": 20,
        "steps": ("submit", ("send_back", "โปรดระบุคุณสมบัติเฉพาะตำแหน่งและกำหนดการรับสมัครให้ครบถ้วน")),
    },
    {
        "title": "ขอความร่วมมือเข้าร่วมโครงการอบรมส่งเสริมคุณธรรมจริยธรรมของบุคลากร",
        "body": "<p>ขอเชิญบุคลากรทุกคนเข้าร่วมโครงการอบรมส่งเสริมคุณธรรมจริยธรรม "
        "ณ ห้องประชุมองค์การบริหารส่วนจังหวัด</p>",
        "audience": "everyone",
        "days": 21,
        "steps": ("submit",),
    },
    {
        "title": "ประกาศหลักเกณฑ์และวิธีการประเมินผลการปฏิบัติงาน รอบที่ 1",
        "body": "<p>การประเมินผลการปฏิบัติงานประกอบด้วยผลสัมฤทธิ์ของงาน ร้อยละ 70 "
        "และพฤติกรรมการปฏิบัติราชการ (สมรรถนะ) ร้อยละ 30</p>",
        "audience": "everyone",
        "days": 14,
        "steps": ("submit", "approve"),
    },
    {
        "title": "แนวปฏิบัติการยืมพัสดุและครุภัณฑ์ของทางราชการ",
        "body": "<p>การยืมพัสดุหรือครุภัณฑ์ของทางราชการให้ใช้แบบคำขอยืมและได้รับอนุมัติจากผู้บังคับบัญชาก่อนทุกครั้ง</p>",
        "audience": "FIN",
        "days": 10,
        "steps": ("submit", "approve"),
    },
    {
        "title": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "body": "<p>เพื่อให้การปฏิบัติงานเป็นไปด้วยความโปร่งใส ตรวจสอบได้ "
        "ขอให้บุคลากรทุกคนรับทราบและถือปฏิบัติตามมาตรการที่แนบมานี้</p>"
        "<p>จึงเรียนมาเพื่อโปรดทราบและถือปฏิบัติ</p>",
        # The demo's letter (หนังสือภายนอก "ว"): emblem, address and date as the form places them.
        "letter": {
            "letter_form": "external",
            "addressee": "หัวหน้าส่วนราชการทุกส่วน",
            "reference": "หนังสือสำนักงาน ป.ป.ช. ที่ ปช 0004/ว 0012 ลงวันที่ 5 มกราคม 2569",
            "urgency": "urgent",
        },
        "audience": "everyone",
        "public": True,
        "days": 14,
        "steps": ("submit", "approve", "publish"),
        "ack_every": 2,
    },
    {
        "title": "ประมวลจริยธรรมและแนวทางปฏิบัติ (Dos & Don'ts) ของบุคลากร",
        "body": "<p>สิ่งที่ควรปฏิบัติและไม่ควรปฏิบัติ เพื่อป้องกันผลประโยชน์ทับซ้อนในการปฏิบัติงาน</p>",
        "audience": ("PAL", "ENG"),
        "days": -5,
        "public": True,
        "steps": ("submit", "approve", "publish"),
        "ack_every": 3,
    },
    {
        "title": "ประกาศวันหยุดชดเชยประจำเดือน",
        "body": "<p>แจ้งวันหยุดชดเชยให้บุคลากรทราบ</p>",
        "audience": "everyone",
        "days": 7,
        "public": True,
        "steps": (
            "submit",
            "approve",
            "publish",
            ("withdraw", "ประกาศวันที่ผิด จะออกหนังสือเวียนฉบับแก้ไขแทน"),
        ),
        "ack_every": 5,
    },
    {
        "title": "ระเบียบการแต่งกายของบุคลากรในวันทำการ",
        "body": "<p>ให้บุคลากรแต่งกายด้วยชุดปฏิบัติราชการสีกากีในวันจันทร์</p>",
        "audience": "everyone",
        "days": 10,
        "public": True,
        "steps": ("submit", "approve", "publish"),
        "ack_every": 2,
        "revision": {
            "body": "<p>ให้บุคลากรแต่งกายด้วยชุดปฏิบัติราชการสีกากีในวันจันทร์ และแต่งกายด้วยผ้าไทยในวันศุกร์</p>",
            "steps": ("submit", "approve", "publish"),
        },
    },
    {
        "title": "คู่มือการปฏิบัติงานด้านการบริหารงานบุคคล",
        "body": "<p>คู่มือการปฏิบัติงานระบุผู้รับผิดชอบ ขั้นตอน และระยะเวลาของงานบริหารงานบุคคล</p>",
        "audience": "HR",
        "days": -20,
        "public": True,
        "steps": ("submit", "approve", "publish", "archive"),
        "ack_every": 1,
    },
)
