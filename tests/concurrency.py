"""Running one action in many threads at the same moment, for the race tests on PostgreSQL."""

import threading

from django.db import connection


def at_once(count, action):
    """Run action(index) in `count` threads released together; returns results or errors.
    Each thread uses (and closes) its own database connection."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=60)
            outcomes[index] = action(index)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes
