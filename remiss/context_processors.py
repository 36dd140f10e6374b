"""What every page's main menu may show, decided by the policy (templates decide nothing)."""

from remiss import policy, roles
from remiss.workflow import Action


def meny(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"meny": {}}
    return {
        "meny": {
            # A förtroendevald reads no remisser: the committee side's menu is theirs.
            "remisser": user.is_superuser or policy.holds(user, roles.LASA),
            "att_attestera": policy.holds(user, roles.ATTESTERA),
            "registrera": policy.allowed(user, Action.REGISTRERA),
        }
    }
