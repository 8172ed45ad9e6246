"""make lint: the findings of pylint-odoo and OCA's checks (one file, their output),
less those scripts/lint_by_design.txt lists as the design. Exits 1 on any other finding, or
on output that is no finding (a tool that crashed).

    lint_findings.py FINDINGS BY_DESIGN
"""

import re
import sys
from pathlib import Path

# pylint-odoo, e.g. "models/x.py:12: [R8180(consider-merging-classes-inherited), Cls] ..."
# OCA's checks: "partner_dossier/data/x.xml:3: xml-deprecated-data-node ...", the
# message going on over the next lines, a blank line after it.
FINDING = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+):(?:\d+:)? "
    r"(?:\[[A-Z]\d+\((?P<pylint>[a-z0-9-]+)\)|(?P<oca>[a-z0-9-]+) )"
)
NOISE = re.compile(r"^(\*+ Module |\s*$)")


def read_by_design(path):
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            prefix, check = line.split()
            entries.append((prefix, check))
    return entries


def read_findings(path):
    findings, strays = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = FINDING.match(line)
        if match:
            where = match["path"].removeprefix("partner_dossier/")
            findings.append([where, match["pylint"] or match["oca"], [line]])
        elif NOISE.match(line):
            continue
        elif findings and not line.startswith("Traceback"):
            findings[-1][2].append(line)
        else:
            strays.append(line)
    return findings, strays


def say(*lines):
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def main(findings_path, by_design_path):
    by_design = read_by_design(by_design_path)
    findings, strays = read_findings(findings_path)
    failing, waiting = [], []
    for where, check, lines in findings:
        is_by_design = any(
            where.startswith(prefix) and check == name for prefix, name in by_design
        )
        (waiting if is_by_design else failing).append(lines)
    if waiting:
        say(
            f"-- {len(waiting)} finding(s) by design, listed with their reason in "
            "scripts/lint_by_design.txt:"
        )
        say(*("   " + lines[0] for lines in waiting))
    for lines in failing:
        say(*lines)
    if strays:
        say("unexpected output of the linters:", *strays)
    if failing or strays:
        say(f"lint: {len(failing)} finding(s) (above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
