"""Driving HTTP adapter of the user module: FastAPI routes, schemas and error tables."""
