"""Rules of the package's layering, read from the source with ``ast``."""

from __future__ import annotations

import ast

from course import REPO_ROOT


def test_only_authoring_imports_authoring():
    """``course.authoring`` may import anything; nothing else in ``course/`` imports it (the checks least of all)."""
    package = REPO_ROOT / "course"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] == "authoring" or relative.name == "__main__.py":
            continue  # `python -m course` is the authoring machinery's entry point
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            if any(name == "course.authoring" or name.startswith("course.authoring.") for name in names):
                offenders.append(f"course/{relative}:{node.lineno}")
    assert not offenders, "imports course.authoring: " + ", ".join(offenders)
