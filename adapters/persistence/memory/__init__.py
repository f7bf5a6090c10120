"""The memory persistence adapter: dict-backed, implementing every persistence port."""

from adapters.persistence.memory.database import MemoryDatabase, MemoryUnitOfWork

__all__ = ["MemoryDatabase", "MemoryUnitOfWork"]
