"""Entities, value objects and errors of the user module: stdlib and app.kernel only."""
