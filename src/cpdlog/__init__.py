"""cpdlog: a fast, trustworthy command-line logbook for CPD.

Kept empty on purpose: importing any submodule must stay cheap, so nothing
is imported here (the version comes from the package metadata on demand).
"""
