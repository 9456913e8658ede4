"""Driven ports: the interfaces the user module's use cases need from the outside."""
