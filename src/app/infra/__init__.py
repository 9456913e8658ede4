"""Technical platform shared by modules: settings, logging, database, HTTP errors, health."""
