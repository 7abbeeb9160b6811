# JupyterLab for a Chinese reader: `make lab-zh` starts `jupyter lab --config=.jupyter/jupyter_lab_config_zh.py`.
# Everything of the course's JupyterLab (jupyter_lab_config.py), with the Chinese course map first and the
# interface in Chinese: the zh-CN language pack (jupyterlab-language-pack-zh-CN, pinned in requirements.txt)
# chosen in .jupyter/lab-zh/settings/overrides.json.
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

c = get_config()  # noqa: F821 - traitlets defines get_config in config files
load_subconfig(str(REPO / ".jupyter" / "jupyter_lab_config.py"))  # noqa: F821 - and load_subconfig

c.LabApp.default_url = "/lab/tree/zh/notebooks/00_course_map.ipynb"
c.LabApp.app_settings_dir = str(REPO / ".jupyter" / "lab-zh" / "settings")
