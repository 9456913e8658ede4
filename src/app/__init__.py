"""hexa-monolith: a FastAPI modular monolith in hexagonal architecture."""
