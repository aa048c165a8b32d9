"""Output for people and for other programs: the terminal views (ui.py, the
only module that imports rich), JSON, and the export formats."""
