"""Roles are Django groups. This module names them; each app grants its own permissions.

A role is what a person does (handläggare, avdelningschef, …), a permission is what the code
checks. Apps declare which of their permissions each role holds (see `remiss.roles`) and call
`sync_role_groups` after migrate, so the groups are always data derived from those tables.
"""

from collections.abc import Iterable, Mapping

from django.db import models


class Roll(models.TextChoices):
    HANDLAGGARE = "handlaggare", "Handläggare"
    AVDELNINGSCHEF = "avdelningschef", "Avdelningschef"
    FORVALTNINGSCHEF = "forvaltningschef", "Förvaltningschef"
    NAMNDSEKRETERARE = "namndsekreterare", "Nämndsekreterare"
    REGISTRATOR = "registrator", "Registrator"
    LASARE = "lasare", "Läsare"
    #: A member of a nämnd with a login: reads its handlingar, justerar its protokoll.
    FORTROENDEVALD = "fortroendevald", "Förtroendevald"


def group_name(roll: Roll) -> str:
    """The group's name is the role's Swedish label, as an administrator sees it."""
    return Roll(roll).label


_ROLL_FOR_NAMN = {group_name(r): r for r in Roll}


def roller(user) -> frozenset[Roll]:
    """The roles `user` holds (their groups that name a role), read once per user object
    in the same query as their permissions (`nameden.autentisering.las_behorigheter`)."""
    from nameden.autentisering import gruppnamn

    return frozenset(_ROLL_FOR_NAMN[g] for g in gruppnamn(user) if g in _ROLL_FOR_NAMN)


def har_roll(user, *onskade: Roll) -> bool:
    return not roller(user).isdisjoint(onskade)


def sync_role_groups(grants: Mapping[Roll, Iterable[str]], *, using: str = "default") -> None:
    """Create every role's group and add the permissions `grants` gives it ("app.codename").

    Adds only: permissions granted by hand in the admin are left alone. Permissions that do
    not exist yet (their app is not migrated) are skipped and picked up on the next run.
    """
    from django.contrib.auth.models import Group, Permission

    wanted = {
        (perm.split(".", 1)[0], perm.split(".", 1)[1])
        for perms in grants.values()
        for perm in perms
    }
    by_key = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using)
        .select_related("content_type")
        .filter(codename__in={codename for _, codename in wanted})
    }
    for roll in Roll:
        group, _ = Group.objects.using(using).get_or_create(name=group_name(roll))
        perms = [
            by_key[key]
            for key in (tuple(p.split(".", 1)) for p in grants.get(roll, ()))
            if key in by_key
        ]
        if perms:
            group.permissions.add(*perms)


# --- The committee side's own permissions ----------------------------------------------------
# Declared on `nameden.models.Sammantrade`; `nameden.policy` decides with them.

LASA_NAMND = "nameden.lasa_namnd"
SEKRETERARE_NAMND = "nameden.sekreterare_namnd"
JUSTERA_PROTOKOLL = "nameden.justera_protokoll"

#: Which committee permissions each role holds. Everyone who works in a förvaltning reads the
#: sammanträden of the nämnder it serves; only the nämndsekreterare plans them.
GRANTS: dict[Roll, tuple[str, ...]] = {
    Roll.HANDLAGGARE: (LASA_NAMND,),
    Roll.AVDELNINGSCHEF: (LASA_NAMND,),
    Roll.FORVALTNINGSCHEF: (LASA_NAMND,),
    Roll.NAMNDSEKRETERARE: (LASA_NAMND, SEKRETERARE_NAMND),
    Roll.REGISTRATOR: (LASA_NAMND,),
    Roll.LASARE: (LASA_NAMND,),
    Roll.FORTROENDEVALD: (LASA_NAMND, JUSTERA_PROTOKOLL),
}


def sync_namnd_roles(sender=None, using: str = "default", **kwargs) -> None:
    sync_role_groups(GRANTS, using=using)
