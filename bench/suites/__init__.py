"""The benchmark suites. Each is a module with NAME, TITLE, run(ctx) and
markdown(results); see harness/context.py for the contract. Add a suite by
writing its module and listing it here."""

import importlib

SUITES = {
    "tsbs": "suites.tsbs_cpu_only",
    "python": "suites.python_suites",
}


def load(name: str):
    return importlib.import_module(SUITES[name])
