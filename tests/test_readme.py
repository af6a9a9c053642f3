"""The README's Python code blocks run as written, in a folder holding the two seeds as a.txt and b.txt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_A, SEED_B

BLOCKS = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 2
    assert any("from compare import load_document, align" in b and "align(a, b)" in b for b in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_python_block_runs(tmp_path, block):
    shutil.copy(SEED_A, tmp_path / "a.txt")
    shutil.copy(SEED_B, tmp_path / "b.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    res = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, env=env,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip()


def test_align_is_the_function_even_after_its_module_is_imported():
    import importlib

    import compare

    importlib.import_module("compare.align")
    importlib.import_module("compare.report")
    from compare import align

    assert callable(align) and align is compare.align
    assert compare.__all__ and all(hasattr(compare, name) for name in compare.__all__)
