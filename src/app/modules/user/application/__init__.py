"""Use cases of the user module, one per file."""
