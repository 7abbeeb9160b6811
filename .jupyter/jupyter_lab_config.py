# JupyterLab as the course runs it: `make lab` starts `jupyter lab --config=.jupyter/jupyter_lab_config.py`.
# It lives in the repository, so nothing is written to the trainee's home folder, and the
# browser test (tests/test_lab_browser.py) starts JupyterLab with this same file.
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

c = get_config()  # noqa: F821 - traitlets defines get_config in config files

# The file browser starts at the repository root, so notebooks/, exercises/ and solutions/ are all in reach ...
c.ServerApp.root_dir = str(REPO)
# ... and the course map opens first.
c.LabApp.default_url = "/lab/tree/notebooks/00_course_map.ipynb"
# No "get notified about Jupyter news?" pop-up and no update check: the course settings in
# .jupyter/lab/settings/overrides.json, and no news feed or version look-up on the network.
c.LabApp.app_settings_dir = str(REPO / ".jupyter" / "lab" / "settings")
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
