"""The remiss tests' database: the Stockholm mall that migration 0002 ships is there.

With `--no-migrations` (how helpers run the suite while nameden's migration is regenerated)
the tables come from the models and no data migration runs, so the mall every case starts
from would be missing. Creating it here, once per test database, with the migration's own
function keeps both ways of running the same; with migrations it is already there.
"""

import importlib

import pytest
from django.apps import apps as django_apps

stockholm_migration = importlib.import_module("remiss.migrations.0002_stockholm_mall")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        stockholm_migration.create_mall(django_apps, None)
