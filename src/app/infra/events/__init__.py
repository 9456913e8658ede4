"""Integration events: the transactional outbox, its relay and the subscriptions."""
