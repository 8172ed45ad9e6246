"""The PDF of a share (dossier.share): the scans as PDF pages, and the watermark
drawn on every page of it. Odoo's own libraries only: pypdf through
odoo.tools.pdf, reportlab for the overlay, PIL for the images."""

import io
import os
from functools import cache

from PIL import Image, UnidentifiedImageError
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import PdfFileReader, PdfFileWriter

# A TrueType face with Chinese glyphs whose text extracts back (a search in the
# PDF finds the recipient's name): Debian's fonts-wqy-zenhei, which the set-up
# installs for the reports. Without it, reportlab's built-in CID font draws the
# same text, readable on paper but not always by a text search.
TRUETYPE_FACES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)
# The share number, the date and the checksum are ASCII: a standard font, which
# every PDF reader extracts.
LATIN_FONT = "Helvetica"
# An A4 page's width in inches: an image scan becomes a page of that width.
A4_WIDTH_INCHES = 8.27


@cache
def chinese_font():
    """The name of the registered font that draws Chinese text."""
    for path in TRUETYPE_FACES:
        if os.path.exists(path):
            pdfmetrics.registerFont(
                TTFont("PartnerDossierZenHei", path, subfontIndex=0)
            )
            return "PartnerDossierZenHei"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def is_pdf(data):
    return data[:1024].lstrip().startswith(b"%PDF")


def image_to_pdf(data):
    """An image scan as one PDF page, A4 wide; None when ``data`` is no image."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    output = io.BytesIO()
    image.convert("RGB").save(
        output, format="pdf", resolution=max(image.width / A4_WIDTH_INCHES, 1.0)
    )
    return output.getvalue()


def _font_of(text):
    return LATIN_FONT if text.isascii() else chinese_font()


def _draw_line(overlay, x, y, parts, size):
    """One line of texts, each in the font that draws it (the ASCII ones in the
    standard font)."""
    for part in parts:
        font = _font_of(part)
        overlay.setFont(font, size)
        overlay.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


def watermark_pdf(data, lines, diagonal):
    """``data`` with ``lines`` (each a list of short texts) written at the top
    and the bottom of every page, and ``diagonal`` across it, light; the texts
    are drawn as text, so that a search in the PDF finds them."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    packet = io.BytesIO()
    overlay = canvas.Canvas(packet)
    for page in reader.pages:
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        width, height = float(box.width), float(box.height)
        size = max(min(width / 90, 9), 5)
        overlay.setPageSize((left + width, bottom + height))
        overlay.setFillColor(colors.Color(0.75, 0.05, 0.05, alpha=0.85))
        top_line, *bottom_lines = lines
        _draw_line(overlay, left + size, bottom + height - 1.6 * size, top_line, size)
        for index, line in enumerate(reversed(bottom_lines)):
            _draw_line(
                overlay, left + size, bottom + (1 + 1.4 * index) * size, line, size
            )
        overlay.saveState()
        overlay.setFillColor(colors.Color(0.75, 0.05, 0.05, alpha=0.18))
        overlay.translate(left + width / 2, bottom + height / 2)
        overlay.rotate(35)
        overlay.setFont(_font_of(diagonal), max(width / 30, 10))
        overlay.drawCentredString(0, 0, diagonal)
        overlay.restoreState()
        overlay.showPage()
    overlay.save()
    marks = PdfFileReader(packet, strict=False)
    writer = PdfFileWriter()
    for page, mark in zip(reader.pages, marks.pages, strict=True):
        page.merge_page(mark)
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
