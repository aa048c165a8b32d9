"""The pure core: rules and figures on plain values, no files, no terminal."""
