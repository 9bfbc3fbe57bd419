"""The demo agency's letterhead: its address, phone and an emblem drawn here with Pillow (a plain
seal of rings and a star — no real emblem is copied or shipped; an agency uploads its own garuda
in the admin)."""

import io
import math

from django.core.files.base import ContentFile

from hrflow.agency import Agency

ADDRESS = "ถนนพหลโยธิน ตำบลพระบาท อำเภอเมืองลำปาง\nจังหวัดลำปาง ๕๒๐๐๐"
PHONE = "๐ ๕๔๒๒ ๖๐๐๐ ต่อ ๑๒๓"
RED, GOLD = (190, 30, 35), (212, 160, 23)


def emblem_png(size: int = 360) -> bytes:
    """A red seal with a gold ring and a gold five-pointed star, on a transparent ground."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=RED)
    ring = size // 14
    draw.ellipse((ring, ring, size - 1 - ring, size - 1 - ring), outline=GOLD, width=ring // 2)
    centre, outer, inner = size / 2, size * 0.32, size * 0.13
    points = []
    for corner in range(10):
        radius = outer if corner % 2 == 0 else inner
        angle = math.pi / 2 + corner * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre - radius * math.sin(angle)))
    draw.polygon(points, fill=GOLD)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(agency_name: str) -> Agency:
    agency, _created = Agency.objects.update_or_create(
        pk=1, defaults={"name": agency_name, "address": ADDRESS, "phone": PHONE}
    )
    agency.emblem.save("demo-emblem.png", ContentFile(emblem_png()), save=True)
    return agency
