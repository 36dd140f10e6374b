"""File storage for test modules that build their world once (module scope) and test it many times.

`tests/conftest.py` gives every test its own storage folder, which suits a test that makes its
own files. A module that seeds once (the access sweep, the form sweep) renders PDFs and stores
bilagor in the seed, and every test afterwards must still read them: the folder has to live as
long as the module, and the seed and each test must point at the same one. `modul_lagring`
makes that pair of fixtures; `seed_installningar` is what the seed overrides while it runs
(outside any test, so the `settings` fixture is not there to do it).
"""

from __future__ import annotations

from pathlib import Path

import pytest


def lagringsinstallningar(plats: Path, storages: dict) -> dict:
    """The settings that put private media and the default storage in `plats`; `storages` is
    the project's STORAGES, whose other entries (static files) are kept."""
    return {
        "PRIVATE_MEDIA_ROOT": plats,
        "STORAGES": {
            **storages,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": plats},
            },
        },
    }


def seed_installningar(plats: Path, **extra) -> dict:
    """What a module's seed runs under: its storage, a fast password hasher (the seed makes
    dozens of users) and any `extra` settings (e.g. a mail backend)."""
    from django.conf import settings

    return {
        **lagringsinstallningar(plats, settings.STORAGES),
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        **extra,
    }


def modul_lagring(namn: str):
    """The fixtures `_lagring` (a folder for the module, named after `namn`) and the autouse
    `private_storage` that points every test of the module at it, replacing conftest's
    per-test folder. Use as `_lagring, private_storage = modul_lagring("svep")` at module level,
    so pytest finds both by name."""

    @pytest.fixture(scope="module")
    def _lagring(tmp_path_factory) -> Path:
        return tmp_path_factory.mktemp(namn) / "private"

    @pytest.fixture(autouse=True)
    def private_storage(settings, _lagring) -> Path:
        """The module's seeded files stay readable in every test (conftest's is per test)."""
        for nyckel, varde in lagringsinstallningar(_lagring, settings.STORAGES).items():
            setattr(settings, nyckel, varde)
        return _lagring

    return _lagring, private_storage
