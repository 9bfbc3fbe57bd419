"""Reading a staff CSV: the header and the data rows, or every reason they cannot be read.

hrflow.staff_checks checks the rows against the file and the database; see hrflow.staff_import
for the columns and what each one does.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hrflow.models import Department, Position

REQUIRED_COLUMNS = (
    "staff_id",
    "title",
    "first_name",
    "last_name",
    "email",
    "username",
    "unit_code",
    "position_code",
    "employment_type",
)
OPTIONAL_COLUMNS = ("supervisor_staff_id", "roles")


@dataclass(frozen=True)
class RowError:
    line: int  # line of the file; 1 is the header, 0 is the file as a whole
    column: str
    message: str

    def __str__(self):
        return _("line %(line)s, %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column or "-",
            "message": self.message,
        }


@dataclass
class Row:
    line: int
    values: dict
    unit: Department | None = None
    position: Position | None = None
    employment_type: str = ""
    roles: frozenset | None = None  # None: keep (or default for a new person)
    email: str = ""


def read_rows(source) -> tuple[list[Row], list[RowError]]:
    """The data rows of CSV text, bytes or an open file, or why they cannot be read."""
    errors: list[RowError] = []
    text = _read_text(source, errors)
    rows = _parse(text, errors) if text is not None else []
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no staff rows.")))
    return ([] if errors else rows), errors


def _read_text(source, errors) -> str | None:
    data = source.read() if hasattr(source, "read") else source
    if isinstance(data, (bytes, bytearray)):
        try:
            # utf-8-sig drops the byte-order mark that Excel writes.
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.append(RowError(0, "", _("The file is not UTF-8 text. Save it as “CSV UTF-8”.")))
            return None
    return str(data).removeprefix("\ufeff")


def _parse(text, errors) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            errors.append(RowError(0, "", _("The file is empty.")))
            return []
        columns = [name.strip().lower() for name in header]
        if not _check_header(columns, errors):
            return []
        rows, previous_line = [], reader.line_num
        for cells in reader:
            # A quoted value may span lines: a row starts on the line after the previous one.
            line, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if any(cell.strip() for cell in cells[len(columns) :]):
                errors.append(
                    RowError(
                        line,
                        "",
                        _("%(n)s values but the header has %(m)s columns.")
                        % {"n": len(cells), "m": len(columns)},
                    )
                )
                continue
            padded = cells + [""] * (len(columns) - len(cells))
            values = {name: padded[i].strip() for i, name in enumerate(columns) if name}
            rows.append(Row(line=line, values=values))
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "", _("Unreadable CSV: %(e)s") % {"e": error}))
        return []
    return rows


def _check_header(columns, errors) -> bool:
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    before = len(errors)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        errors.append(
            RowError(
                1,
                "",
                _("The first line must be the header: %(columns)s.")
                % {"columns": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)},
            )
        )
    errors.extend(RowError(1, name, _("Missing column.")) for name in missing)
    seen = set()
    # Blank header cells (a trailing comma from a spreadsheet) are ignored with their values.
    for name in filter(None, columns):
        if name not in known:
            errors.append(RowError(1, name, _("Unknown column.")))
        elif name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        seen.add(name)
    return len(errors) == before
