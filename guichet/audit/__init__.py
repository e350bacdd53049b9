"""Audit: archived histories, timelines, replay, what-if and exports.

Submodules are imported where needed (``guichet.audit.archive`` talks to
Temporal, ``guichet.audit.chain`` is pure and used by the store), so this
package itself imports nothing.
"""
