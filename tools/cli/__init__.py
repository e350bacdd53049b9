"""Guichet's command line, one module per subject; ``starter.py`` builds the app from them.

- :mod:`tools.cli.run`: ``chat``, ``demo``
- :mod:`tools.cli.cases`: ``cases``, ``show``, ``tasks``, ``decide``
- :mod:`tools.cli.parameters`: ``parameters``, ``offer-revisions``
- :mod:`tools.cli.operations`: ``migrate``, ``rewrap-keys``, ``reseal-uploads``, ``backup``,
  ``restore``, ``reindex``
- :mod:`tools.cli.users`: the ``users`` group
"""
