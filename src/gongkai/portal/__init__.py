"""Public pages (no login): the guide, the catalogue, annual reports, online applications, tracking."""
