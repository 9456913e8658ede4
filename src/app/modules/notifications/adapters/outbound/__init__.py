"""Driven adapters of the notifications module: where emails go."""
