"""Operations on a Guichet installation: backup, restore and reindexing."""

from guichet.ops.backup import BackupError, BackupReport, backup, restore
from guichet.ops.reindex import ReindexReport, reindex

__all__ = ["BackupError", "BackupReport", "ReindexReport", "backup", "reindex", "restore"]
