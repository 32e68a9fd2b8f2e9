"""Read pip-audit's JSON report: fail on any known vulnerability, and say plainly what could not be checked.

pip-audit asks PyPI for each installed release's advisories. Where that data cannot be reached
(an offline mirror, no network), packages are skipped; this prints how many, so "no findings" is
never mistaken for "checked". Set AUDIT_STRICT=1 to fail when any package could not be checked.
"""
from __future__ import annotations

import json
import os
import sys


def main(path: str) -> int:
    """Summarise one report; the exit code is 1 on a vulnerability (or, strictly, on a skipped package)."""
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"VULNERABLE {package['name']} {package.get('version')}: {vuln['id']} (fixed in {fixes})")
    print(f"pip-audit: {len(packages) - len(skipped)} of {len(packages)} packages checked, "
          f"{len(vulnerable)} with known vulnerabilities, {len(skipped)} could not be checked.")
    if skipped:
        print("  Packages are skipped when PyPI's vulnerability data cannot be reached from this machine "
              "(first: " + skipped[0]["skip_reason"] + "). Run `AUDIT_STRICT=1 make audit` where it can.")
    if vulnerable:
        return 1
    if skipped and os.environ.get("AUDIT_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
