"""MongoDB adapter of the UserRepository port, on PyMongo's native async API."""
