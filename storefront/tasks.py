"""Background tasks: emails, photo work and expiries, off the request.

The embedded default runs a task at once, in the process that asks for it
(settings.PASAR_TASKS == "inline"), which is what one village's server
needs. With REDIS_URL set, tasks go to RQ's `default` queue on that Redis
and `python manage.py rqworker default` runs them, on any machine.

A task is a module-level function called with plain values (ids, strings),
never model instances: it runs later, perhaps elsewhere, and must read
what was committed. Callers enqueue from transaction.on_commit, so a task
never sees a change that was rolled back.
"""

import logging

from django.conf import settings

logger = logging.getLogger("storefront.tasks")


def enqueue(func, *args, **kwargs):
    """Run `func(*args, **kwargs)` now (inline) or queue it on RQ.

    When Redis cannot take the job, the task runs inline instead: an email
    sent a little slower beats one never sent. Returns the RQ job, or None
    when the task ran inline.
    """
    if getattr(settings, "PASAR_TASKS", "inline") != "rq":
        func(*args, **kwargs)
        return None
    import django_rq
    from redis.exceptions import RedisError

    try:
        return django_rq.get_queue("default").enqueue(func, *args, **kwargs)
    except RedisError:
        logger.exception("Cannot queue %s.%s; running it now", func.__module__, func.__name__)
        func(*args, **kwargs)
        return None
