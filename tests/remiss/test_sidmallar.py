"""Templates never decide permissions or states: views hand them what the policy and the
workflow say (flags such as `kan_redigera`, values such as `las_status`).

Every template under templates/ is scanned for the ways such a decision is written: comparing
a status, naming a status value, asking for a permission, a role or superuser rights.
"""

import re
import sys
from pathlib import Path

from django.conf import settings

from remiss.workflow import Status

TEMPLATES = Path(settings.BASE_DIR) / "templates"

#: pattern → what it would mean in a template
FORBUDNA = {
    r"status\s*(==|!=)": "compares a status",
    r"\bstatus\s+(not\s+)?in\b": "tests a status against a list",
    r"[\"'](" + "|".join(s.value for s in Status) + r")[\"']": "names a status value",
    r"\bperms\.": "checks a permission",
    r"\bis_superuser\b": "checks superuser rights",
    r"\bis_staff\b": "checks staff rights",
    r"\bhas_perm\b": "checks a permission",
    r"\bgroups\b": "checks a role",
}


def _overtramp() -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for tag in re.findall(r"{%.*?%}|{{.*?}}", line):
                for pattern, meaning in FORBUDNA.items():
                    if re.search(pattern, tag):
                        found.append(f"{path.relative_to(TEMPLATES)}:{number} {meaning}: {tag}")
    return found


def test_no_template_decides_a_permission_or_a_state():
    """GIVEN every template WHEN their tags are read THEN none compares a status, names a
    status value or checks a permission, role or superuser: the view decides."""
    assert _overtramp() == []


def test_the_scan_finds_what_it_looks_for(tmp_path, monkeypatch):
    """GIVEN a template with each kind of decision WHEN scanned THEN each is reported (so an
    empty result above means something)."""
    (tmp_path / "fel.html").write_text(
        '{% if remiss.status == "for_attest" %}\n'
        "{% if tu.status != x %}\n"
        "{% if perms.remiss.attestera_remiss %}\n"
        "{% if user.is_superuser %}\n"
        "{% if 'attesterad' in x %}\n"
        "{{ remiss.status|status_farg }}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "TEMPLATES", tmp_path)

    assert {int(fel.split(" ")[0].split(":")[1]) for fel in _overtramp()} == {1, 2, 3, 4, 5}
