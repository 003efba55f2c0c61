#!/usr/bin/env python3
"""Draws the install icons of public/ (192 and 512 PNG, a maskable 512) and copies the install sheet's
screenshots from docs/screenshots/. Run by hand after the mark or the screenshots change (needs Pillow:
`pip install pillow`); its output is committed, so the build needs neither."""
from pathlib import Path
import shutil

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "public"
RED = (179, 38, 30)  # theme_color #b3261e, as index.html's favicon
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def icon(size: int, maskable: bool) -> Image.Image:
    # A maskable icon fills the square (the platform cuts its own shape) and keeps the mark inside the
    # safe zone, a circle of 80 % of the width; the plain icon is a rounded square like the favicon.
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle((0, 0, size, size), fill=RED)
        glyph = int(size * 0.46)
    else:
        d.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 6 // 32, fill=RED)
        glyph = int(size * 0.62)
    font = ImageFont.truetype(FONT, glyph, index=2)  # index 2: the SC face
    d.text((size / 2, size / 2), "地", font=font, fill="white", anchor="mm")
    return img


def main() -> None:
    (PUBLIC / "icons").mkdir(parents=True, exist_ok=True)
    (PUBLIC / "screenshots").mkdir(parents=True, exist_ok=True)
    icon(192, False).save(PUBLIC / "icons" / "icon-192.png", optimize=True)
    icon(512, False).save(PUBLIC / "icons" / "icon-512.png", optimize=True)
    icon(512, True).save(PUBLIC / "icons" / "maskable-512.png", optimize=True)
    # 180×180 for iOS's home screen (apple-touch-icon: iOS ignores the manifest's icons).
    icon(180, True).convert("RGB").save(PUBLIC / "icons" / "apple-touch-icon.png", optimize=True)
    shots = ROOT / "docs" / "screenshots"
    shutil.copyfile(shots / "article-390.png", PUBLIC / "screenshots" / "narrow-390x844.png")
    shutil.copyfile(shots / "article-1280.png", PUBLIC / "screenshots" / "wide-1280x800.png")


if __name__ == "__main__":
    main()
