"""The archive's hash chain and the archiving of a case's histories.

``chain`` is pure (the store verifies links with it); ``archive`` writes and
reads the archived runs. The tools that read them (replay, timeline,
what-if, export, the audit CLI) live in :mod:`tools.audit`. Submodules are
imported where needed, so this package itself imports nothing.
"""
