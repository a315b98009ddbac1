"""notebooks/explore.ipynb runs top to bottom on a fresh kernel, and is committed without outputs.

The kernel is this interpreter (``sys.executable``), through a kernelspec written to a
temporary directory, so the test does not depend on user-level Jupyter kernelspecs. The
notebook runs with cwd = notebooks/, as when opened in Jupyter; it loads the spaCy
model once to annotate the samples.
"""

import json
import sys

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
KERNEL = "newsclaims-test"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "strip the outputs before committing"


@pytest.fixture
def kernel_manager(tmp_path):
    spec_dir = tmp_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "newsclaims test", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))


def test_notebook_runs_top_to_bottom(kernel_manager, monkeypatch):
    monkeypatch.delenv("NEWSCLAIMS_ANNOTATIONS", raising=False)  # annotate the samples
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, km=kernel_manager, timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert 'class="nc-ent entity"' in html and "Recep Tayyip Erdoğan" in html  # the show() view
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4  # the four plots
