"""The examples in docstrings and in the documentation run, and say what they print."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import zjnews

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^```(?:python|pycon)?\n(.*?)^```", re.S | re.M)


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(zjnews.__path__, "zjnews."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py") and ">>>" in Path(origin).read_text(encoding="utf-8"):
            names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0


def _documents_with_examples() -> list[Path]:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [p for p in documents if ">>>" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", _documents_with_examples(), ids=lambda p: p.name)
def test_documentation_examples(path: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    tried = 0
    for n, block in enumerate(_FENCE.findall(path.read_text(encoding="utf-8"))):
        if ">>>" in block:
            test = parser.get_doctest(block, {}, f"{path.name}[{n}]", str(path), 0)
            tried += len(test.examples)
            runner.run(test)
    assert tried > 0
    assert runner.failures == 0
