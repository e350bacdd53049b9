"""The case store: read models of cases, tasks and letters (SQLite or PostgreSQL).

Temporal is the source of truth; these tables are projections written by
activities with versioned, idempotent upserts and read by the web app and the
command line.
"""

# The account tables share the store's metadata, so migrations and the
# models-match-migrations check see them.
from guichet.store import _account_models as _account_models
from guichet.store._accounts import AccountStore
from guichet.store._archive import ArchiveStore
from guichet.store._case_keys import CaseDataPurged, CaseKeys
from guichet.store._engine import alembic_config
from guichet.store._repository import ApplyResult, CaseStore, PurgeResult, open_store
from guichet.store._statistics import StatisticsQueries

__all__ = [
    "AccountStore",
    "ApplyResult",
    "ArchiveStore",
    "CaseDataPurged",
    "CaseKeys",
    "CaseStore",
    "PurgeResult",
    "StatisticsQueries",
    "alembic_config",
    "open_store",
]
