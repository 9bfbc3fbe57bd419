"""The one font of every PDF: Sarabun (OFL, from the fontpkg-sarabun package), embedded in the
print CSS as data: URLs — the page may fetch nothing (its CSP), and a font the server happens
to have installed must never stand in (pdffonts of every export lists Sarabun and nothing else)."""

import base64
from functools import cache
from pathlib import Path

import fontpkg_sarabun

FAMILY = "Sarabun"
FILES = {
    ("normal", "normal"): "Sarabun-Regular.ttf",
    ("bold", "normal"): "Sarabun-Bold.ttf",
    ("normal", "italic"): "Sarabun-Italic.ttf",
    ("bold", "italic"): "Sarabun-BoldItalic.ttf",
}


def folder() -> Path:
    return Path(fontpkg_sarabun.__file__).parent / "files"


@cache
def font_face_css() -> str:
    rules = []
    for (weight, style), name in FILES.items():
        data = base64.b64encode((folder() / name).read_bytes()).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; "
            f"font-style: {style}; src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
        )
    return "\n".join(rules)
