"""JupyterLab settings for the course, used by the README's first command:

    jupyter lab --config=.jupyter-course/jupyter_lab_config.py

Everything here is read from the repository; nothing is written to your home folder or your
Python environment, and your other JupyterLab settings stay as they are.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)

REPO = Path(__file__).resolve().parent.parent

# Serve the whole repository, so that notebooks/, exercises/ and README.md are all in the file
# browser and the links between them (../exercises/ex01_neuron.ipynb) open.
c.ServerApp.root_dir = str(REPO)
# Open the first notebook (a path relative to root_dir).
c.ServerApp.file_to_run = "notebooks/00_start_here.ipynb"
# No "Would you like to get notified about official Jupyter news?" toast, and no requests to
# the news feed or the update check: the settings in settings/overrides.json turn them off.
c.LabApp.app_settings_dir = str(REPO / ".jupyter-course" / "settings")
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
