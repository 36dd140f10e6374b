"""The README and docs/ point only at things in the repository, and `make run` as they say."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOKUMENT = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: [text](target) and <target>; the target up to a closing parenthesis, space or ">".
LANK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)|<((?:https?:|\.{0,2}/)[^>\s]*)>")


def _lankar(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)  # code blocks are not links
    return [a or b for a, b in LANK.findall(text)]


RELATIVA = [
    (path, lank)
    for path in DOKUMENT
    for lank in _lankar(path)
    if not re.match(r"[a-z]+:", lank) and not lank.startswith("#")
]


def test_the_documents_have_links_to_check():
    """GIVEN README.md and docs/ WHEN their links are collected THEN the checker finds the
    relative ones (so the next test is not vacuous)."""
    assert any(lank == "docs/pdf.md" for _, lank in RELATIVA)


@pytest.mark.parametrize(
    ("path", "lank"), RELATIVA, ids=[f"{p.name}:{lank}" for p, lank in RELATIVA]
)
def test_relative_links_stay_inside_the_repository_and_resolve(path, lank):
    """GIVEN a relative link in the README or docs/ WHEN followed THEN it names a file of the
    repository, not something beside it."""
    target = (path.parent / lank.split("#")[0]).resolve()

    assert target.is_relative_to(ROOT), f"{path.name}: {lank} leaves the repository"
    assert target.exists(), f"{path.name}: {lank} does not exist"


def test_no_document_refers_to_paths_outside_the_repository():
    """GIVEN the README and docs/ WHEN read THEN no path climbs out of the repository, link or
    not (such as ../shared/…, which only exists on the maintainers' machines)."""
    for path in DOKUMENT:
        for m in re.finditer(r"(?<![\w.])((?:\.\./)+[\w./-]+)", path.read_text()):
            target = (path.parent / m[1]).resolve()
            assert target.is_relative_to(ROOT), f"{path.name}: {m[1]}"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_gives_mail_links_its_own_port():
    """GIVEN `make run PORT=8765` WHEN its commands are listed THEN the server gets
    SITE_URL=http://localhost:8765, so links in e-mail reach it."""
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8765"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout

    server = next(line for line in dry.splitlines() if "runserver" in line)
    assert "SITE_URL=http://localhost:8765 " in server
    assert server.rstrip().endswith("runserver 8765")
