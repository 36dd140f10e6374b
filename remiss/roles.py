"""Which remiss permissions each role holds. `remiss.policy` decides with these permissions."""

from nameden.roles import Roll, sync_role_groups

LASA = "remiss.lasa_remiss"
REGISTRERA = "remiss.registrera_remiss"
HANDLAGGA = "remiss.handlagga_remiss"
ATTESTERA = "remiss.attestera_remiss"
SEKRETERARE = "remiss.sekreterare_remiss"

GRANTS: dict[Roll, tuple[str, ...]] = {
    Roll.HANDLAGGARE: (LASA, HANDLAGGA),
    Roll.AVDELNINGSCHEF: (LASA, ATTESTERA),
    Roll.FORVALTNINGSCHEF: (LASA, ATTESTERA),
    Roll.NAMNDSEKRETERARE: (LASA, SEKRETERARE),
    Roll.REGISTRATOR: (LASA, REGISTRERA),
    Roll.LASARE: (LASA,),
}


def sync_remiss_roles(sender=None, using: str = "default", **kwargs) -> None:
    sync_role_groups(GRANTS, using=using)
