"""How Guichet runs: Temporal wiring, the process's resources and the case client.

Above the workflows and below the web app and the command-line tools:
``temporal`` connects clients and builds workers and replayers, ``process``
opens what one process needs (store, client, model, workers), ``devserver``
runs the embedded Temporal server, ``queues`` lays out the task queues,
``service`` is the case client every caller goes through, and
``deactivation`` returns a deactivated account's claims through it.
"""
