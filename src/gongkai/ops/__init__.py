"""Operating the platform: the supervised server, backup and restore (Django imported lazily)."""
