"""The committee side's background tasks (`django.tasks`, run by `manage.py db_worker`).

A task takes only ids (its arguments are stored as JSON in the queue) and reads everything
else when it runs. Services enqueue after their transaction commits, so the worker always
finds the rows the order wrote.
"""

from django_tasks import task

from nameden.paket.bygg import paket_bygg_bestallt


@task()
def bygg_handlingspaket(sammantrade_id: int) -> dict:
    """Build the ordered kallelse and handlingar of one sammanträde (both versions)."""
    resultat = paket_bygg_bestallt(sammantrade_id)
    if resultat is None:
        return {"byggt": False, "orsak": "ingen väntande beställning"}
    return {
        "byggt": resultat.byggt,
        "status": {v: p.status for v, p in resultat.paket.items()},
        "nya_delar": resultat.nya,
        "ateranvanda_delar": resultat.ateranvanda,
    }
