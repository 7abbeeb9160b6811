"""Architecture rules of the ``course`` package, checked on its source: one small test per rule.

The import graph is read with :mod:`ast` from every module of the package:
an edge ``a -> b`` for each ``import`` of a ``course`` module in ``a``, at
module level or inside a function, so that a lazy import cannot hide a rule's
breach. ``from course.data import load_b2b`` is an edge to ``course.data``
(the package's ``__init__``); ``from course.checks import lesson01`` an edge
to the submodule ``course.checks.lesson01``. A package's ``__init__`` is not
counted as imported by its submodules (Python runs it first, but that is no
dependency of theirs).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import course

PACKAGE_DIR = Path(course.__file__).resolve().parent


# ---------------------------------------------------------------- the import graph
def module_files() -> dict[str, Path]:
    """Dotted name of every module of the package -> its file (``course.data`` for ``course/data/__init__.py``)."""
    modules = {}
    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(file.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = file
    return modules


def _known_module(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package (``None`` outside it)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imported_modules(name: str, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in its source."""
    file = modules[name]
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), filename=str(file))):
        if isinstance(node, ast.Import):
            found.update(_known_module(alias.name, modules) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the importing module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # `from package import submodule` imports the submodule; `from module import name` the module
                found.add(_known_module(f"{source}.{alias.name}", modules) or _known_module(source, modules))
    return {module for module in found if module is not None and module != name}


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Every module of the package -> the package's modules it imports."""
    modules = module_files()
    return {name: frozenset(imported_modules(name, modules)) for name in modules}


def find_cycle(graph: dict[str, frozenset[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as ``[a, b, ..., a]``, or ``None`` when the graph is acyclic.

    Depth-first search; a module met again while still on the search path
    closes a cycle. Modules are visited in sorted order, so the cycle reported
    is always the same one.
    """
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path, on_path = [root], {root}
        pending = [iter(sorted(graph[root]))]
        while pending:
            child = next(pending[-1], None)
            if child is None:  # every import of path[-1] explored
                finished = path.pop()
                on_path.remove(finished)
                done.add(finished)
                pending.pop()
                continue
            if child in on_path:
                return path[path.index(child) :] + [child]
            if child not in done and child in graph:
                path.append(child)
                on_path.add(child)
                pending.append(iter(sorted(graph[child])))
    return None


# ---------------------------------------------------------------- the rules
def test_the_graph_sees_module_level_and_lazy_imports():
    graph = import_graph()
    assert "course.data.coercion" in graph["course.data.b2b_loader"]  # module level
    assert "course.authoring.exercises" in graph["course.authoring.cli"]  # inside a function
    assert "course.clv._bgnbd" in graph["course.clv"]  # a package re-exporting its submodules
    assert "course.checks" in graph["course.checks.lesson01"]  # a submodule importing its package


def test_imported_modules_resolves_relative_and_submodule_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("import os\nfrom . import sibling\nfrom .. import helpers\nfrom ..base import Thing\n")
    modules = dict.fromkeys(("pkg", "pkg.base", "pkg.sub", "pkg.sub.sibling"), tmp_path / "x.py")
    modules["pkg.sub.mod"] = source
    assert imported_modules("pkg.sub.mod", modules) == {"pkg.sub.sibling", "pkg", "pkg.base"}


def test_find_cycle_reports_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": frozenset({"b", "c"}), "b": frozenset({"c"}), "c": frozenset()}) is None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}. Move what both modules need into a third one."


#: The layers of the package, lowest first (DESIGN.md): a module may import its own layer and the ones below.
#: Matched by the longest prefix; the package root and the shared helpers (validation, glossary, syllabus) are the base.
LAYERS = {
    "course": 0,
    "course.validation": 0,
    "course.glossary": 0,
    "course.syllabus": 0,  # the course structure: lesson 00 reads it, the authoring layer builds the course from it
    "course.data": 1,
    "course.purchases": 2,
    # every other module of the package is analytics (layer 3)
    "course.pages": 4,  # the HTML pages: they show the analytics, the checks and the commands use them
    "course.checks": 5,
    "course.authoring": 6,
    "course.__main__": 6,
}
ANALYTICS = 3


def layer_of(module: str) -> int:
    """The layer of a module: that of the longest prefix listed in LAYERS, else analytics."""
    parts = module.split(".")
    while len(parts) > 1:
        name = ".".join(parts)
        if name in LAYERS:
            return LAYERS[name]
        parts.pop()
    return LAYERS["course"] if module == "course" else ANALYTICS


def test_every_layer_names_a_module_or_package():
    modules = import_graph()
    assert set(LAYERS) <= set(modules), sorted(set(LAYERS) - set(modules))


def test_layer_of():
    assert layer_of("course.data.b2b_schema._tables") == 1
    assert layer_of("course.rfm") == layer_of("course.lifecycle._states") == ANALYTICS
    assert layer_of("course.pages._report") == 4
    assert layer_of("course.checks.lesson03") == 5
    assert layer_of("course.syllabus") == 0 < layer_of("course.authoring.cli")


def test_no_module_imports_a_higher_layer():
    graph = import_graph()
    upward = [
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert not upward, (
        "imports against the layers data → purchases → analytics → pages → checks → authoring:\n" + "\n".join(upward)
    )


#: The sub-layers of the analytics layer, lowest first: a module may import its own sub-layer and the ones below.
#: Matched by the longest prefix; every analytics module not listed is a core concept (sub-layer 0).
ANALYTICS_SUBLAYERS = {
    # 0: the core concepts, each a module or package of its own: customers, insight, tiers, rfm, pareto,
    #    avoidable, clustering, lifecycle, churn, churn_reasons, clv, partners, value_classes, plots
    # 1: what is built on the core concepts, side by side: key-account management, the tiers' strategy, the SQL twins
    "course.kam": 1,
    "course.strategy": 1,
    "course.sql": 1,
    # 2: the management plan, which combines all of the above
    "course.management": 2,
}
CORE = 0


def sublayer_of(module: str) -> int:
    """The analytics sub-layer of an analytics module: that of its longest prefix in ANALYTICS_SUBLAYERS, else CORE."""
    parts = module.split(".")
    while len(parts) > 1:
        name = ".".join(parts)
        if name in ANALYTICS_SUBLAYERS:
            return ANALYTICS_SUBLAYERS[name]
        parts.pop()
    return CORE


def imports_up(graph: dict[str, frozenset[str]], rank, among=lambda module: True) -> list[str]:
    """Each import of ``graph`` from a module to one of a higher ``rank``, both modules chosen by ``among``."""
    return [
        f"{module} ({rank(module)}) imports {target} ({rank(target)})"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if among(module) and among(target) and rank(target) > rank(module)
    ]


def _is_analytics(module: str) -> bool:
    return layer_of(module) == ANALYTICS


def test_every_sublayer_names_an_analytics_module_or_package():
    modules = import_graph()
    assert set(ANALYTICS_SUBLAYERS) <= set(modules), sorted(set(ANALYTICS_SUBLAYERS) - set(modules))
    assert all(_is_analytics(name) for name in ANALYTICS_SUBLAYERS)


def test_sublayer_of():
    assert sublayer_of("course.rfm") == sublayer_of("course.clv._bgnbd") == sublayer_of("course.plots") == CORE
    assert sublayer_of("course.kam._plans") == sublayer_of("course.sql._queries") == sublayer_of("course.strategy")
    assert CORE < sublayer_of("course.kam") < sublayer_of("course.management._view")


def test_imports_up_finds_an_import_against_the_sublayers():
    """The rule can fail: on a made-up graph where the core imports the management plan, it names that import."""
    graph = {
        "course.rfm": frozenset({"course.management", "course.validation"}),
        "course.kam": frozenset({"course.rfm"}),
        "course.management": frozenset({"course.kam", "course.rfm"}),
    }
    assert imports_up(graph, sublayer_of, _is_analytics) == ["course.rfm (0) imports course.management (2)"]
    assert imports_up({name: frozenset() for name in graph}, sublayer_of, _is_analytics) == []


def test_no_analytics_module_imports_a_higher_sublayer():
    upward = imports_up(import_graph(), sublayer_of, _is_analytics)
    assert not upward, "imports against the analytics sub-layers core → kam / strategy / sql → management:\n" + (
        "\n".join(upward)
    )
