"""Registry of the procedures Guichet ships with.

Adding a procedure means adding its folder here and one line in
:data:`PROCEDURES`; nothing in the engine changes.
"""

from __future__ import annotations

from procedures.base import Procedure
from procedures.building_permit import PROCEDURE as BUILDING_PERMIT
from procedures.minimum_income import PROCEDURE as MINIMUM_INCOME
from procedures.short_time_work import PROCEDURE as SHORT_TIME_WORK

PROCEDURES: dict[str, Procedure] = {
    p.id: p for p in (SHORT_TIME_WORK, MINIMUM_INCOME, BUILDING_PERMIT)
}


def get_procedure(procedure_id: str, graph_name: str | None = None) -> Procedure:
    """Return the registered procedure with this id, as a case's graph asks it.

    Args:
        procedure_id: The procedure.
        graph_name: The case's intake graph (its question-flow version, see
            :class:`procedures.base.GraphVersion`); ``None`` for the base flow.

    Raises:
        KeyError: If no procedure has this id, or no such graph.
    """
    return PROCEDURES[procedure_id].for_graph(graph_name)
