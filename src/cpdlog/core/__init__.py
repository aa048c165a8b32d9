"""The pure core: rules and records as plain data, no I/O beyond package data."""
