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
