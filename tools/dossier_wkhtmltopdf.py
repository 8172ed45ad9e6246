"""What the installed wkhtmltopdf can do (issue 25: batch printing on the
wkhtmltopdf a server has).

Debian's and Ubuntu's ``wkhtmltopdf`` packages are built against Qt as it is
("unpatched"): such a build converts one HTML document per run and ignores header
and footer pages. Odoo puts every record of a print in one run, so a print of
several records fails there ("Tried to convert multiple documents in wkhtmltopdf
using unpatched QT"). The reports then run wkhtmltopdf once per document and merge
the PDFs (``ir.actions.report._run_wkhtmltopdf``)."""

import functools
import subprocess

import lxml.html

from odoo.tools.misc import find_in_path

# The ids Odoo's minimal layout (web.minimal_layout) gives the blocks holding the
# header and the footer of every document of a run; its script keeps the one of
# the document being printed.
LAYOUT_BLOCKS = ("minimal_layout_report_headers", "minimal_layout_report_footers")


@functools.cache
def wkhtmltopdf_has_patched_qt():
    """Whether the installed wkhtmltopdf is built with patched Qt, read from its
    ``--version`` line ("wkhtmltopdf 0.12.6 (with patched qt)").

    Odoo keeps only the version number of that line, so the test for these words
    it makes when a run of several documents fails never finds them; it is made
    here on the whole line, once per process (the binary does not change under a
    running server)."""
    try:
        version = subprocess.run(
            [find_in_path("wkhtmltopdf"), "--version"],
            capture_output=True,
            check=False,
            text=True,
        ).stdout
    except OSError:
        return False
    return "with patched qt" in version.lower()


def one_document_page(html, index):
    """The header (or footer) page of a run, keeping only the block of its
    ``index``-th document, for a run of that document alone: the layout's script
    then shows that block, as a run of every document would on that document's
    pages."""
    if not html:
        return html
    root = lxml.html.document_fromstring(html)
    for block_id in LAYOUT_BLOCKS:
        for block in root.xpath("//*[@id=$id]", id=block_id):
            children = list(block)
            if index < len(children):
                for position, child in enumerate(children):
                    if position != index:
                        block.remove(child)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
