"""The committee side's background tasks (`django.tasks`, run by `manage.py db_worker`).

A task takes only ids (its arguments are stored as JSON in the queue) and reads everything
else when it runs. Services enqueue after their transaction commits, so the worker always
finds the rows the order wrote.

Each task also takes the id of the request that enqueued it (`request_id`,
`nameden.loggning`): enqueue through the `*_koa` functions here, which pass the current one,
and the worker's log lines for the task carry it, as the request's own lines do.
"""

import logging

from django_tasks import task

from nameden import loggning
from nameden.paket.bygg import paket_bygg_bestallt

logger = logging.getLogger(__name__)


@task()
def bygg_handlingspaket(sammantrade_id: int, request_id: str | None = None) -> dict:
    """Build the ordered kallelse and handlingar of one sammanträde (both versions)."""
    with loggning.med_request_id(request_id):
        logger.info("Bygger kallelse och handlingar för sammanträde %s", sammantrade_id)
        resultat = paket_bygg_bestallt(sammantrade_id)
        if resultat is None:
            logger.info("Ingen väntande beställning för sammanträde %s", sammantrade_id)
            return {"byggt": False, "orsak": "ingen väntande beställning"}
        logger.info(
            "Kallelse och handlingar för sammanträde %s klara: %s nya delar, %s återanvända",
            sammantrade_id,
            resultat.nya,
            resultat.ateranvanda,
        )
        return {
            "byggt": resultat.byggt,
            "status": {v: p.status for v, p in resultat.paket.items()},
            "nya_delar": resultat.nya,
            "ateranvanda_delar": resultat.ateranvanda,
        }


def bygg_handlingspaket_koa(sammantrade_id: int):
    """Put a build on the queue with the id of the request being served (None outside one)."""
    return bygg_handlingspaket.enqueue(sammantrade_id, request_id=loggning.request_id())
