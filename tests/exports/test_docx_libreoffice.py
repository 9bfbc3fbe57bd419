"""Every DOCX HRFlow makes opens right in LibreOffice: converted to PDF by soffice (all in one
call, with a private profile so parallel runs do not share one), each keeps a sane page count
and its tables span the text width — a cell's text that fits its column stays on one line. In
the XML, the table's width, its grid and every cell's width agree, and the header row repeats."""

import io
import os
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from hrflow.exports import fonts
from tests.conftest import need
from tests.exports.conftest import page_count, run, url

pytestmark = pytest.mark.django_db

TWIPS_PER_CM = 1440 / 2.54
# What each must still hold on one line of `pdftotext -layout`: a duty in the PD's wide column,
# a person's name in the minutes' name column, a measure's short title in the report.
WHOLE = {
    "position description": "วางแผนอัตรากำลังและสรรหาบุคลากร",
    "minutes": "ผู้มาประชุม",
    "report": "ผลลัพธ์/ความสำเร็จ",
}
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{folder}</dir>
  <alias binding="same">
    <family>TH SarabunPSK</family><prefer><family>Sarabun</family></prefer>
  </alias>
</fontconfig>
"""
MAX_PAGES = {"circular": 2, "minutes": 4, "criteria": 4, "position description": 3, "report": 10}


def docx_files(documents, as_, org):
    client = as_(org.auditor)
    files = {}
    for name, base in documents.items():
        response = client.get(url(base, "docx", "?digits=arabic"))
        assert response.status_code == 200, name
        files[name] = response.content
    return files


def test_table_grid_cells_and_width_agree_and_the_header_repeats(documents, as_, org):
    for name, content in docx_files(documents, as_, org).items():
        document = read_docx(io.BytesIO(content))
        section = document.sections[0]
        text_width = round((section.page_width - section.left_margin - section.right_margin) / 635)
        for table in document.tables:
            tbl = table._tbl
            width = tbl.tblPr.find(qn("w:tblW"))
            assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == text_width
            grid = [round(int(col.get(qn("w:w")))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
            assert abs(sum(grid) - text_width) <= len(grid), (name, grid, text_width)
            for row in table.rows:
                cells = [round(cell.width / 635) for cell in row.cells]
                assert all(abs(c - g) <= 1 for c, g in zip(cells, grid, strict=True)), name
            header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
            assert header is not None, name
            assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


@pytest.mark.needs("soffice", "pdftotext")
def test_every_docx_converts_in_libreoffice_with_whole_lines_and_sane_pages(
    documents, as_, org, tmp_path
):
    files = docx_files(documents, as_, org)
    sources = []
    for name, content in files.items():
        path = tmp_path / f"{name.replace(' ', '-')}.docx"
        path.write_bytes(content)
        sources.append(path)
    out = tmp_path / "pdf"
    # LibreOffice lays the DOCX out as an agency's machine would: "TH SarabunPSK" found (as
    # Sarabun, the same design), not replaced by whatever Thai font this server has.
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(FONTS_CONF.format(folder=fonts.folder()))
    subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        check=True,
        timeout=300,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)},
    )
    for name in files:
        pdf = (out / f"{name.replace(' ', '-')}.pdf").read_bytes()
        assert "Sarabun" in run("pdffonts", "-", data=pdf), name
        pages = page_count(pdf)
        assert 1 <= pages <= MAX_PAGES[name], (name, pages)
        if name in WHOLE:
            layout = subprocess.run(
                [need("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
            assert any(WHOLE[name] in line for line in layout.splitlines()), (name, layout[:2000])
