"""Operations on a Guichet installation: backup, restore and reindexing."""

from tools.ops.backup import BackupError, BackupReport, backup, restore
from tools.ops.reindex import ReindexReport, reindex

__all__ = ["BackupError", "BackupReport", "ReindexReport", "backup", "reindex", "restore"]
