"""Roles are groups derived from the grants tables after every migrate: `remiss.roles.GRANTS`
and the committee side's own `nameden.roles.GRANTS`.

The grants table is the specification: after migrate each of the six role groups holds exactly
its permissions, and syncing again changes nothing and takes nothing away.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from nameden.roles import GRANTS as NAMND_GRANTS
from nameden.roles import Roll, group_name, sync_namnd_roles, sync_role_groups
from remiss.roles import GRANTS as REMISS_GRANTS
from remiss.roles import sync_remiss_roles

#: Every role's permissions, from both apps' tables.
GRANTS = {roll: (*REMISS_GRANTS.get(roll, ()), *NAMND_GRANTS.get(roll, ())) for roll in Roll}

pytestmark = pytest.mark.django_db


def _perms(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def _state() -> dict[str, set[str]]:
    return {group.name: _perms(group) for group in Group.objects.all()}


def test_seven_role_groups_exist_with_swedish_names():
    """GIVEN a migrated database WHEN the groups are listed THEN there is one per role, named as
    an administrator reads it."""
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Handläggare",
        "Avdelningschef",
        "Förvaltningschef",
        "Nämndsekreterare",
        "Registrator",
        "Läsare",
        "Förtroendevald",
    }
    assert {group_name(roll) for roll in Roll} == {
        "Handläggare",
        "Avdelningschef",
        "Förvaltningschef",
        "Nämndsekreterare",
        "Registrator",
        "Läsare",
        "Förtroendevald",
    }


@pytest.mark.parametrize("roll", list(Roll), ids=lambda r: r.value)
def test_each_role_group_holds_exactly_its_grants(roll):
    """GIVEN a migrated database WHEN a role's group is read THEN its permissions are exactly
    those the two grants tables give the role."""
    assert _perms(Group.objects.get(name=group_name(roll))) == set(GRANTS[roll])


def test_every_granted_permission_exists():
    """GIVEN the grants table WHEN its permissions are looked up THEN each exists, so none is
    silently skipped by the sync."""
    granted = {perm for perms in GRANTS.values() for perm in perms}
    found = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }

    assert granted <= found


def test_sync_twice_changes_nothing():
    """GIVEN synced groups WHEN the sync runs twice more THEN the groups and their permissions
    are the same, with no duplicates."""
    before = _state()

    sync_remiss_roles()
    sync_remiss_roles()

    assert _state() == before
    assert Group.objects.count() == len(before)


def test_sync_keeps_permissions_granted_by_hand():
    """GIVEN an administrator gave the Läsare group "view remiss" by hand WHEN the sync runs
    THEN that permission is kept beside the granted ones."""
    lasare = Group.objects.get(name=group_name(Roll.LASARE))
    view = Permission.objects.get(content_type__app_label="remiss", codename="view_remiss")
    lasare.permissions.add(view)

    sync_remiss_roles()

    assert _perms(lasare) == {*GRANTS[Roll.LASARE], "remiss.view_remiss"}


def test_sync_recreates_a_deleted_group():
    """GIVEN the Registrator group was deleted WHEN the sync runs THEN it is back with its
    grants."""
    Group.objects.filter(name=group_name(Roll.REGISTRATOR)).delete()

    sync_remiss_roles()
    sync_namnd_roles()

    assert _perms(Group.objects.get(name=group_name(Roll.REGISTRATOR))) == set(
        GRANTS[Roll.REGISTRATOR]
    )


def test_sync_skips_a_permission_that_does_not_exist_yet():
    """GIVEN a grant naming a permission of an app not yet migrated WHEN synced THEN the rest is
    granted and no error is raised."""
    sync_role_groups({Roll.LASARE: ("remiss.lasa_remiss", "framtid.finns_inte")})

    assert "remiss.lasa_remiss" in _perms(Group.objects.get(name=group_name(Roll.LASARE)))
