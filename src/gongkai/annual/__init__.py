"""The year's report built from platform data (table 三 from cases), and year locks."""
