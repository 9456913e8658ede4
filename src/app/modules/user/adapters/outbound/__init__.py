"""Driven adapters: implementations of the user module's ports."""
