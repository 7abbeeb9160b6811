"""The pinned environment is the one the tests run in, and conda gets the same pins."""

from importlib.metadata import version

from packaging.requirements import Requirement

from course import REPO_ROOT


def _pins():
    lines = (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]


def test_requirements_are_exact_pins():
    for requirement in _pins():
        assert str(requirement.specifier).startswith("=="), f"{requirement} is not pinned with =="


def test_installed_versions_match_the_pins():
    """The suite runs in the pinned environment, so a passing suite tests the pins."""
    key = {"numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "seaborn", "papermill", "nbval", "jupyterlab"}
    for requirement in _pins():
        if requirement.name.lower() in key:
            assert requirement.specifier.contains(version(requirement.name)), (
                f"{requirement.name} {version(requirement.name)} ≠ {requirement}"
            )


def test_environment_yml_uses_the_same_pins():
    text = (REPO_ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -r requirements.txt" in text
    assert "python=3.11" in text
