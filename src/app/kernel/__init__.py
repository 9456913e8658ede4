"""Framework-free primitives every module may use: ids, clock, base errors."""
