"""The notifications module: the emails the service sends, on other modules' events."""
