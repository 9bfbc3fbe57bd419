"""The staff CSV import: all rows or none, every error with its line, and a re-import is a no-op."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hrflow.models import Employee
from hrflow.staff_import import import_staff
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
HEADER = (
    "staff_id,title,first_name,last_name,email,username,unit_code,position_code,"
    "employment_type,supervisor_staff_id,roles"
)


@pytest.fixture
def positions(db):
    return {
        "HR": PositionFactory(code="HR1", name="นักทรัพยากรบุคคล"),
        "CLK": PositionFactory(code="CLK", name="เจ้าพนักงานธุรการ"),
    }


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def good_rows():
    # The first person's supervisor is the second row: a supervisor may come later in the file.
    return [
        "70001,นาย,สมชาย,ใจดี,somchai@example.go.th,somchai,SEC,HR1,ข้าราชการ,70002,employee;clerk",
        "70002,นาง,สมหญิง,รักงาน,somying@example.go.th,somying,OFF,HR1,civil_servant,,",
        "70003,นางสาว,มาลี,ศรีสุข,,malee,SEC,CLK,พนักงานจ้าง,70002,employee",
        "70004,นาย,บุญมา,คำแปง,boonma@example.go.th,boonma,OTH,CLK,ลูกจ้างประจำ,,",
    ]


def snapshot():
    """Everything an import may write, to compare before and after."""
    return (
        sorted(Employee.objects.values_list()),
        sorted(User.objects.values_list()),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
    )


def test_a_good_file_creates_employees_with_their_logins_roles_and_supervisors(org, positions):
    result = import_staff(csv_text(*good_rows()), by=org.admin.user)

    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    somchai = Employee.objects.select_related("user", "supervisor").get(staff_id="70001")
    assert somchai.full_name == "นายสมชาย ใจดี"
    assert somchai.unit == org.section
    assert somchai.position == positions["HR"]
    assert somchai.employment_type == Employee.EmploymentType.CIVIL_SERVANT
    assert somchai.supervisor.staff_id == "70002"
    assert somchai.user.username == "somchai"
    assert somchai.user.email == "somchai@example.go.th"
    assert not somchai.user.has_usable_password()
    assert set(somchai.user.groups.values_list("name", flat=True)) == {"employee", "clerk"}
    types = dict(Employee.objects.values_list("staff_id", "employment_type"))
    assert types["70003"] == Employee.EmploymentType.CONTRACT
    assert types["70004"] == Employee.EmploymentType.PERMANENT_WORKER
    # Blank roles: a new person is an employee.
    boonma = User.objects.get(username="boonma")
    assert list(boonma.groups.values_list("name", flat=True)) == ["employee"]


def test_one_bad_row_among_good_ones_reports_every_error_with_its_line_and_writes_nothing(
    org, positions
):
    bad = [
        *good_rows(),
        # line 6: unknown unit, unknown position, bad email, unknown employment type, bad role
        "70005,นาย,ก,ข,not-an-email,kor,NOPE,NOPE,intern,,employee;boss",
        # line 7: the same staff ID and username as line 2, and a supervisor nobody has
        "70001,นาย,ค,ง,,somchai,SEC,HR1,contract,99999,",
        # line 8: required values missing
        ",นาย,,ฉ,,chor,SEC,HR1,,,",
        # line 9: a login that already belongs to someone else (the clerk persona)
        "70009,นาย,จ,ช,,clerk,SEC,HR1,contract,,",
    ]
    before = snapshot()

    result = import_staff(csv_text(*bad), by=org.admin.user)

    assert not result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    found = {(error.line, error.column) for error in result.errors}
    assert found == {
        (6, "unit_code"),
        (6, "position_code"),
        (6, "email"),
        (6, "employment_type"),
        (6, "roles"),
        (7, "staff_id"),
        (7, "username"),
        (7, "supervisor_staff_id"),
        (8, "staff_id"),
        (8, "first_name"),
        (8, "employment_type"),
        (9, "username"),
    }
    line_9 = next(e for e in result.errors if e.line == 9)
    assert org.clerk.staff_id in line_9.message
    assert all(error.message for error in result.errors)
    assert snapshot() == before


def test_reimporting_the_same_file_changes_nothing_and_writes_nothing(org, positions):
    text = csv_text(*good_rows())
    import_staff(text, by=org.admin.user)
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        result = import_staff(text, by=org.admin.user)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert snapshot() == before


def test_a_changed_row_is_updated_and_an_existing_password_is_kept(org, positions):
    import_staff(csv_text(*good_rows()), by=org.admin.user)
    somying = User.objects.get(username="somying")
    somying.set_password("her-own-secret-1")
    somying.save()
    rows = good_rows()
    rows[1] = "70002,นาง,สมหญิง,รักงาน,somying@example.go.th,somying,OFF,CLK,civil_servant,,"

    result = import_staff(csv_text(*rows), by=org.admin.user)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    somying.refresh_from_db()
    assert Employee.objects.get(staff_id="70002").position == positions["CLK"]
    assert somying.check_password("her-own-secret-1")


def test_a_file_saved_by_excel_with_a_byte_order_mark_imports(org, positions):
    data = csv_text(*good_rows()).replace("\n", "\r\n").encode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")

    result = import_staff(data, by=org.admin.user)

    assert result.ok, result.errors
    assert result.created == 4
    assert Employee.objects.filter(staff_id__startswith="7000").count() == 4


def test_a_file_that_is_not_utf8_is_refused_whole(org, positions):
    data = csv_text(*good_rows()).encode("cp874")  # Windows' Thai code page

    result = import_staff(data, by=org.admin.user)

    assert [(e.line, e.column) for e in result.errors] == [(0, "")]
    assert not Employee.objects.filter(staff_id__startswith="7000").exists()


def test_a_file_without_its_header_says_which_columns_are_missing(org, positions):
    result = import_staff("\n".join(good_rows()), by=org.admin.user)

    assert not result.ok
    found = {(e.line, e.column) for e in result.errors}
    assert {e.line for e in result.errors} == {1}
    assert {(1, ""), (1, "staff_id"), (1, "employment_type")} <= found
    assert not Employee.objects.filter(staff_id__startswith="7000").exists()


def test_line_numbers_count_the_lines_of_a_value_that_spans_two(org, positions):
    rows = [
        '70001,นาย,"สมชาย\nใจดี",ใจดี,,somchai,SEC,HR1,civil_servant,,',
        "70002,นาย,สมศักดิ์,ดีมาก,,somsak,NOPE,HR1,civil_servant,,",
    ]

    result = import_staff(csv_text(*rows), by=org.admin.user)

    # A line break is no part of a name: refused on the line where the value starts.
    assert [(e.line, e.column) for e in result.errors] == [(2, "first_name"), (4, "unit_code")]


def test_a_supervisor_loop_is_refused(org, positions):
    rows = [
        "70001,นาย,สมชาย,ใจดี,,somchai,SEC,HR1,civil_servant,70002,",
        "70002,นาง,สมหญิง,รักงาน,,somying,SEC,HR1,civil_servant,70001,",
        "70003,นาย,บุญมา,คำแปง,,boonma,SEC,HR1,civil_servant,70003,",
    ]

    result = import_staff(csv_text(*rows), by=org.admin.user)

    assert {(e.line, e.column) for e in result.errors} == {
        (2, "supervisor_staff_id"),
        (3, "supervisor_staff_id"),
        (4, "supervisor_staff_id"),
    }
    assert not Employee.objects.filter(staff_id__startswith="7000").exists()


def test_roles_given_in_the_file_replace_the_hrflow_roles_and_blank_roles_keep_them(org, positions):
    rows = good_rows()
    import_staff(csv_text(*rows), by=org.admin.user)
    other = Group.objects.create(name="newsletter")
    somchai = User.objects.get(username="somchai")
    somchai.groups.add(other)
    rows[0] = rows[0].replace("employee;clerk", "employee;admin")

    result = import_staff(csv_text(*rows), by=org.admin.user)

    assert (result.updated, result.unchanged) == (1, 3)
    somchai.refresh_from_db()
    assert set(somchai.groups.values_list("name", flat=True)) == {"employee", "admin", "newsletter"}
    assert somchai.is_staff  # the admin role comes with access to the admin
    somying = User.objects.get(username="somying")
    assert list(somying.groups.values_list("name", flat=True)) == ["employee"]


def test_only_an_hr_administrator_may_import(org, positions):
    before = snapshot()
    for persona in (org.clerk, org.executive, org.employee, org.auditor):
        with pytest.raises(PermissionDenied):
            import_staff(csv_text(*good_rows()), by=persona.user)
    assert snapshot() == before


def test_the_command_prints_the_counts(org, positions, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_text(*good_rows()).encode("utf-8-sig"))

    with translation.override("en"):
        call_command("import_staff", str(path))
        call_command("import_staff", str(path))

    out = capsys.readouterr().out
    assert "4 created, 0 updated, 0 unchanged" in out
    assert "0 created, 0 updated, 4 unchanged" in out


def test_the_command_lists_every_error_and_fails_without_importing(
    org, positions, tmp_path, capsys
):
    path = tmp_path / "staff.csv"
    rows = [*good_rows(), "70005,นาย,ก,ข,bad,kor,NOPE,HR1,civil_servant,,"]
    path.write_text(csv_text(*rows), encoding="utf-8")

    with translation.override("en"), pytest.raises(CommandError, match="2 error"):
        call_command("import_staff", str(path))

    err = capsys.readouterr().err
    assert "line 6, email" in err
    assert "line 6, unit_code" in err
    assert not Employee.objects.filter(staff_id__startswith="7000").exists()


def test_the_command_says_when_the_file_cannot_be_read(tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize(
    "label,expected",
    [
        ("ข้าราชการ", "civil_servant"),
        ("ลูกจ้างประจำ", "permanent_worker"),
        ("พนักงานจ้าง", "contract"),
        ("พนักงานจ้างตามภารกิจ", "contract"),
        ("Contract", "contract"),
    ],
)
def test_employment_types_are_read_from_codes_and_thai_labels(org, positions, label, expected):
    row = f"70001,นาย,สมชาย,ใจดี,,somchai,SEC,HR1,{label},,"

    result = import_staff(csv_text(row), by=org.admin.user)

    assert result.ok, result.errors
    assert Employee.objects.get(staff_id="70001").employment_type == expected


def test_control_characters_in_a_row_are_refused_with_their_line_and_nothing_is_written(
    org, positions
):
    rows = good_rows()
    rows[1] = rows[1].replace("สมหญิง", "สม\x00หญิง")
    rows[3] = rows[3].replace("คำแปง", '"คำ\nแปง"').replace("boonma,", "boon\x1bma,")
    before = snapshot()

    result = import_staff(csv_text(*rows), by=org.admin.user)

    # The quoted line break makes the fourth row span lines 5 and 6.
    assert {(e.line, e.column) for e in result.errors} >= {
        (3, "first_name"),
        (5, "last_name"),
        (5, "username"),
    }
    assert "อักขระควบคุม" in result.errors[0].message  # Thai, the default language
    assert snapshot() == before
