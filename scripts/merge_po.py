"""Bring a .po file in line with its .pot: keep translations, add new terms, drop
terms the .pot no longer has. Prints how many terms are still untranslated."""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {(e.msgctxt, e.msgid): e for e in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "zh_CN",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    for entry in pot:
        previous = old.get((entry.msgctxt, entry.msgid))
        entry.msgstr = previous.msgstr if previous else ""
        po.append(entry)
    po.save(po_path)
    missing = [e.msgid for e in po if not e.msgstr]
    sys.stdout.write(f"{po_path}: {len(po)} terms, {len(missing)} untranslated\n")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
