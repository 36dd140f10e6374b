"""The committee side's entry in the main menu, decided by its own policy.

The menu's other entries come from `remiss.context_processors.meny`; nameden cannot import
remiss, and remiss need not know the nämnd's permissions, so each app adds its own entries.
"""

from nameden import policy, roles


def namnd_meny(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"namnd_meny": {}}
    return {
        "namnd_meny": {
            "sammantraden": policy.holds(user, roles.LASA_NAMND),
            # The förtroendevald's own entry: the protokoll waiting for their justering.
            "att_justera": policy.holds(user, roles.JUSTERA_PROTOKOLL),
            # The chefs' read log of secret handlingar (docs/sekretess.md).
            "lasloggen": policy.far_se_lasloggen(user),
        }
    }
