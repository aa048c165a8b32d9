"""The files of a home: reading, writing safely, caching, locking, history."""
