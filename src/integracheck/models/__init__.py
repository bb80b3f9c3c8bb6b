"""Data models of the profile, the checklists and the report: no I/O."""
