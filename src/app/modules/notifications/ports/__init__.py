"""Ports of the notifications module."""
