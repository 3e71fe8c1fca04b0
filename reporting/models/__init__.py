from .builds import SnapshotBuild
from .packs import BoardPack
from .scopes import Scope
from .snapshots import Snapshot, SnapshotRow

__all__ = ["BoardPack", "Scope", "Snapshot", "SnapshotBuild", "SnapshotRow"]
