"""The command line: the typer app (cli/app.py) and the fast path that
answers status without it (cli/fast.py).

Kept empty on purpose: importing cli.fast or cli.output must not import
typer, which importing the app does.
"""
