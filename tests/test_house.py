"""The shape of the house: small modules, short functions, imports pointing down the layers,
no import cycles in the model, public Mesa APIs only (ARCHITECTURE.md, house style)."""

import ast
import inspect
from pathlib import Path

import mesa
import pytest

ROOT = Path(__file__).resolve().parent.parent / "sim"
MODULE_LINES = 420  # "about 400"
FUNCTION_LINES = 65  # "about 60"
MODEL_CLASS_LINES = 300
# layer -> layers it must not import (ARCHITECTURE.md: imports point downward only)
FORBIDDEN = {
    "parameters": ("sim.model", "sim.experiments", "sim.app", "sim.cli"),
    "model": ("sim.experiments", "sim.app", "sim.cli"),
    "experiments": ("sim.app", "sim.cli"),
    "app": ("sim.cli",),
}


def modules():
    return sorted(p for p in ROOT.rglob("*.py") if "_data" not in p.parts)


def name_of(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(tree: ast.Module, module: str) -> set[str]:
    """Modules imported when this one is (TYPE_CHECKING blocks and function bodies aside)."""
    out = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in [node] if not isinstance(node, ast.If) else ast.walk(node):
            if isinstance(sub, ast.Import):
                out.update(a.name for a in sub.names)
            elif isinstance(sub, ast.ImportFrom) and sub.module:
                base = sub.module
                if sub.level:
                    base = ".".join(module.split(".")[: -sub.level] + [sub.module])
                out.add(base)
                out.update(f"{base}.{a.name}" for a in sub.names)
    return out


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_module_and_function_sizes(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MODULE_LINES, f"{path.name} has over {MODULE_LINES} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= FUNCTION_LINES, f"{node.name} in {path.name}: {length} lines"


def test_the_model_class_keeps_to_orchestration():
    from sim.model.community import CommunityModel

    lines = len(inspect.getsource(CommunityModel).splitlines())
    assert lines <= MODEL_CLASS_LINES, f"CommunityModel has {lines} lines"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_imports_point_down_the_layers(path):
    module = name_of(path)
    layer = module.split(".")[1] if module.count(".") else None
    imports = runtime_imports(ast.parse(path.read_text(encoding="utf-8")), module)
    for banned in FORBIDDEN.get(layer, ()):
        wrong = sorted(i for i in imports if i == banned or i.startswith(banned + "."))
        assert not wrong, f"{module} ({layer}) imports {wrong}"


def test_no_import_cycle_among_model_modules():
    paths = {name_of(p): p for p in modules() if name_of(p).startswith("sim.model")}
    graph = {
        name: {
            i
            for i in runtime_imports(ast.parse(path.read_text(encoding="utf-8")), name)
            if i in paths and i != name and not name.startswith(i + ".")
        }
        for name, path in paths.items()
    }
    visiting, done = set(), set()

    def visit(node, trail):
        if node in done:
            return
        assert node not in visiting, "import cycle: " + " -> ".join([*trail, node])
        visiting.add(node)
        for nxt in graph[node]:
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for name in graph:
        visit(name, [])


def _mesa_private_names() -> set[str]:
    names = set()
    for path in Path(mesa.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                names.add(node.attr)
    return names


def test_only_public_mesa_apis():
    private = _mesa_private_names()
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "experimental" not in node.module, f"{path.name}: {node.module}"
            if isinstance(node, ast.Attribute) and node.attr in private:
                owner = ast.unparse(node.value)
                assert owner in ("self", "cls"), f"{path.name}: {owner}.{node.attr} is Mesa's"
