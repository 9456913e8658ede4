"""The user module: registration, authentication and the user directory."""
