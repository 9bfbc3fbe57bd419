"""The export framework: a Thai official document described once (`OfficialDocument`) and
written as PDF (headless Chromium) or DOCX (python-docx), and files kept once made (`stored`).
XLSX cells go through hrflow.cells. Which document has which export is the engine's business
(workflows.exports and the kinds registry); nothing here knows a kind."""

from .document import OfficialDocument
from .pdf import ExportUnavailable

__all__ = ["ExportUnavailable", "OfficialDocument"]
