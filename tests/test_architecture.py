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
    "course.i18n": 0,  # the lesson's language: every layer's messages are translated through it
    "course.data": 1,
    "course.purchases": 2,
    # every other module of the package is analytics (layer 3)
    "course.pages": 4,  # the HTML pages: they show the analytics, the checks and the commands use them
    "course.checks": 5,
    "course.authoring": 6,
    "course.__main__": 6,
}
ANALYTICS = 3


def by_longest_prefix(module: str, table: dict[str, int], default: int) -> int:
    """The number ``table`` gives the longest dotted prefix of ``module`` (the package root aside), else ``default``."""
    parts = module.split(".")
    while len(parts) > 1:
        name = ".".join(parts)
        if name in table:
            return table[name]
        parts.pop()
    return default


def layer_of(module: str) -> int:
    """The layer of a module: that of the longest prefix listed in LAYERS, else analytics."""
    return LAYERS["course"] if module == "course" else by_longest_prefix(module, LAYERS, ANALYTICS)


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
    # 1: what is built on the core concepts, side by side: key-account management, the tiers' strategy, the SQL twins,
    #    the lessons' figures on a user's own export
    "course.kam": 1,
    "course.strategy": 1,
    "course.sql": 1,
    "course.own_data": 1,
    # 2: the management plan, which combines all of the above
    "course.management": 2,
}
CORE = 0


def sublayer_of(module: str) -> int:
    """The analytics sub-layer of an analytics module: that of its longest prefix in ANALYTICS_SUBLAYERS, else CORE."""
    return by_longest_prefix(module, ANALYTICS_SUBLAYERS, CORE)


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


# ---------------------------------------------------------------- the picture in DESIGN.md
#: The picture's rows, top first: (name, test of a module); a module belongs to the first row whose test holds.
PICTURE_ROWS = [
    ("authoring", lambda module: layer_of(module) == LAYERS["course.authoring"]),
    ("checks", lambda module: layer_of(module) == LAYERS["course.checks"]),
    ("pages", lambda module: layer_of(module) == LAYERS["course.pages"]),
    ("management", lambda module: _is_analytics(module) and sublayer_of(module) == 2),
    ("kam · strategy · sql · own_data", lambda module: _is_analytics(module) and sublayer_of(module) == 1),
    ("core analytics", _is_analytics),
    ("purchases", lambda module: layer_of(module) == LAYERS["course.purchases"]),
    ("data", lambda module: layer_of(module) == LAYERS["course.data"]),
    ("base", lambda module: layer_of(module) == 0),
]
PICTURE_START = "<!-- the package, drawn from the code by tests/test_architecture.py: do not edit by hand -->"
PICTURE_END = "<!-- end of the drawing -->"
DESIGN = PACKAGE_DIR.parent / "DESIGN.md"


def unit_of(module: str) -> str:
    """The unit a module belongs to in the picture: ``course.kam._plans`` -> ``kam``; the root -> ``course``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "course"


def row_of(module: str) -> str:
    return next(name for name, holds in PICTURE_ROWS if holds(module))


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every row reachable from ``start`` along ``edges`` (``start`` itself excluded)."""
    seen, todo = set(), list(edges[start])
    while todo:
        row = todo.pop()
        if row not in seen:
            seen.add(row)
            todo.extend(edges[row])
    return seen


def package_picture(graph: dict[str, frozenset[str]]) -> str:
    """The package as DESIGN.md shows it: its rows with their units, and which rows each row imports.

    A row lists its units (a module, or a package with its private modules); an
    arrow says that a row imports the one below it (arrows that a longer path
    implies are left out), and the table under the diagram gives, for each unit,
    every unit it imports. All of it comes from the import graph, so the picture
    cannot drift from the code.
    """
    rows = {name: set() for name, _ in PICTURE_ROWS}
    uses = {name: set() for name, _ in PICTURE_ROWS}
    unit_imports: dict[str, set[str]] = {}
    for module, targets in graph.items():
        row, unit = row_of(module), unit_of(module)
        rows[row].add(unit)
        unit_imports.setdefault(unit, set())
        for target in targets:
            if unit_of(target) != unit:
                unit_imports[unit].add(unit_of(target))
            if row_of(target) != row:
                uses[row].add(row_of(target))
    ids = {name: f"L{number}" for number, (name, _) in enumerate(PICTURE_ROWS)}
    lines = [PICTURE_START, "", "```mermaid", "flowchart TB"]
    for name, _ in PICTURE_ROWS:
        lines.append(f'  {ids[name]}["<b>{name}</b><br/>{", ".join(sorted(rows[name]))}"]')
    for name, _ in PICTURE_ROWS:  # an arrow that a longer path already implies is left out of the diagram
        direct = uses[name] - {far for near in uses[name] for far in _reachable(near, uses)}
        lines.extend(f"  {ids[name]} --> {ids[target]}" for target, _ in PICTURE_ROWS if target in direct)
    lines += ["```", "", "| row | unit | imports |", "|---|---|---|"]
    for name, _ in PICTURE_ROWS:
        for unit in sorted(rows[name]):
            imported = ", ".join(f"`{target}`" for target in sorted(unit_imports[unit])) or "—"
            lines.append(f"| {name} | `{unit}` | {imported} |")
    return "\n".join([*lines, "", PICTURE_END])


def test_the_picture_names_every_unit_once():
    picture = package_picture(import_graph())
    table = [line for line in picture.splitlines() if line.startswith("| ") and "`" in line]
    units = [line.split("|")[2].strip(" `") for line in table]
    assert len(units) == len(set(units)), "a unit in two rows: split it, or move it into one layer"
    assert {"rfm", "kam", "management", "pages", "checks", "authoring", "purchases", "data"} <= set(units)


def test_design_md_shows_the_package_as_it_is():
    text = DESIGN.read_text(encoding="utf-8")
    start, end = text.index(PICTURE_START), text.index(PICTURE_END) + len(PICTURE_END)
    assert text[start:end] == package_picture(import_graph()), (
        "DESIGN.md's picture of the package is stale: run `python tests/test_architecture.py` to redraw it."
    )


if __name__ == "__main__":  # redraw DESIGN.md's picture
    text = DESIGN.read_text(encoding="utf-8")
    start, end = text.index(PICTURE_START), text.index(PICTURE_END) + len(PICTURE_END)
    DESIGN.write_text(text[:start] + package_picture(import_graph()) + text[end:], encoding="utf-8")
    print(f"redrew the picture in {DESIGN}")
