"""The layering rule: `remiss` may import `nameden`; `nameden` never imports `remiss`."""

import ast
from pathlib import Path

import nameden

NAMEDEN = Path(nameden.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nameden_never_imports_remiss():
    """GIVEN every Python file of nameden WHEN its imports are read THEN none is remiss."""
    offenders = {
        str(path.relative_to(NAMEDEN)): sorted(
            m for m in _imported_modules(path) if m == "remiss" or m.startswith("remiss.")
        )
        for path in NAMEDEN.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) > 5  # the walk did find nameden's modules


REMISS = NAMEDEN.parent / "remiss"


def _imports_from(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from module import name` in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]


def test_no_module_imports_another_modules_private_names():
    """GIVEN every module of both apps WHEN their imports are read THEN none takes a `_name`
    from another module: what services share is public, under a name that says what it is."""
    offenders = [
        f"{path.relative_to(NAMEDEN.parent)}: from {module} import {name}"
        for root in (NAMEDEN, REMISS)
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for module, name in _imports_from(path)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert offenders == []


def test_the_generic_machinery_lives_in_nameden():
    """GIVEN remiss WHEN its imports are read THEN it reaches WeasyPrint and the mail
    backend only through nameden (`nameden.pdf`, `nameden.epost`), which the committee side
    will use too."""
    generic = ("weasyprint", "django.core.mail")
    offenders = {
        str(path.relative_to(REMISS)): sorted(
            m for m in _imported_modules(path) if m.startswith(generic)
        )
        for path in REMISS.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert (NAMEDEN / "pdf" / "render.py").exists() and (NAMEDEN / "epost.py").exists()


def test_no_module_is_named_for_the_step_it_was_written_in():
    """GIVEN remiss WHEN its modules are listed THEN none of the step-named splits is back
    (urls_attest, urls_pdf, forms_attest, selectors_pdf): a module is named for what it holds."""
    names = {path.stem for path in REMISS.glob("*.py")}
    assert names.isdisjoint({"urls_attest", "urls_pdf", "forms_attest", "selectors_pdf"})
