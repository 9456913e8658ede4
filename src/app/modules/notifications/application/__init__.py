"""Use cases of the notifications module: one per email, each run on an event."""
