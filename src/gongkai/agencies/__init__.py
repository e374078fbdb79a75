"""Agencies in their hierarchy (a government, its departments and townships) and their staff."""
