"""The Thai catalogue's register and words: formal (ท่าน, never คุณ or ของฉัน) and a document's
version is เวอร์ชัน, never ฉบับที่ (which reads as a circular's number)."""

import json
import re

from django.conf import settings

PO = settings.BASE_DIR / "locale/th/LC_MESSAGES/django.po"
# คุณ as "you", not inside คุณธรรม (integrity), คุณสมบัติ (qualifications), ขอบคุณ (thanks) …
INFORMAL = re.compile(r"(?<!ขอบ)คุณ(?!ธรรม|สมบัติ|ภาพ|ค่า|ลักษณะ)|ของฉัน|ฉัน")
VERSION_AS_NUMBER = re.compile(r"ฉบับที่\s*(%|\d|$)")
# The evaluations pages' wording is being reworked on its own (issue 18, another branch).
ELSEWHERE = ("evaluations/", "templates/evaluations/")


def entries():
    """(msgid, msgstr, references) of every entry of the Thai catalogue."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields, current, refs = {}, None, []
        for line in block.splitlines():
            if line.startswith("#:"):
                refs += line[2:].split()
            elif line.startswith(("msgid ", "msgstr ", "msgctxt ")):
                current, _space, value = line.partition(" ")
                fields[current] = json.loads(value)
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        if fields.get("msgid"):
            yield fields["msgid"], fields.get("msgstr", ""), refs


def own(refs):
    return not refs or not all(ref.startswith(ELSEWHERE) for ref in refs)


def test_the_thai_texts_address_people_formally():
    informal = [(i, s) for i, s, refs in entries() if own(refs) and INFORMAL.search(s)]
    assert informal == []


def test_a_version_is_never_called_by_the_word_for_a_circulars_number():
    wrong = [(i, s) for i, s, _refs in entries() if VERSION_AS_NUMBER.search(s)]
    assert wrong == []


def test_the_checks_see_what_they_look_for():
    assert INFORMAL.search("ข้อเสนอแนะของคุณ") and INFORMAL.search("เอกสารของฉัน")
    assert not INFORMAL.search("ขอบคุณ มาตรการส่งเสริมคุณธรรม คุณสมบัติเฉพาะตำแหน่ง ท่าน")
    assert VERSION_AS_NUMBER.search("ฉบับที่ %(version)s") and VERSION_AS_NUMBER.search("ฉบับที่ 2")
    assert not VERSION_AS_NUMBER.search("ฉบับเผยแพร่ เวอร์ชัน 2")
