"""Many devices at once: an inventory (inventory.py), --limit (select.py), a thread-pool runner
(runner.py) and its reports (report.py). Nothing is imported here, so the command line can name
the defaults without loading the engine."""

DEFAULT_PARALLEL = 16      # devices worked on at once
