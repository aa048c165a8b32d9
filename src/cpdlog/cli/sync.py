"""The commands of history and sync on git: git (the real git in the home)
and sync (commit hand edits, bring in the remote's changes, send this
home's)."""

from pathlib import Path

import typer

from cpdlog.cli.common import say, state


def git(ctx: typer.Context) -> None:
    """Run git in the home.

    For example cpdlog git init, cpdlog git log, cpdlog git remote add origin
    URL. Every argument after `git` goes to git; `cpdlog git help COMMAND`
    shows git's own help."""
    from cpdlog.store.git import commit_paths, run_git

    root = state(ctx).home().root
    code = run_git(root, list(ctx.args))
    if code == 129 and {"-h", "--help"} & set(ctx.args):
        code = 0  # git's usage, asked for: git exits 129 for it too
    if code:
        # cpdlog's exit codes, whatever git's (128 for most failures, 129
        # for a wrong command line): git has said what went wrong.
        raise typer.Exit(2 if code == 129 else 130 if code == 130 else 1)
    if ctx.args[:1] in (["init"], ["clone"]) and (root / ".gitignore").exists():
        # What must not travel is the history's first word (rescue/, temporary
        # files): committed now, so every later commit leaves a clean tree.
        warning = commit_paths(
            root, [root / ".gitignore"], "Keep rescue/ and temporary files local"
        )
        if warning:
            say(warning)


def sync(ctx: typer.Context) -> None:
    """Commit hand edits, bring in the remote's changes and send this home's."""
    from cpdlog.render import ui
    from cpdlog.store.check import check_home
    from cpdlog.store.git_sync import sync as run_sync

    home = state(ctx).home()

    def damaged() -> list[Path]:
        _count, findings = check_home(home)
        return [
            f.problem.path
            for f in findings
            if f.severity == "error" and f.problem.path is not None
        ]

    result = run_sync(home.root, damaged)
    ui.print_sync(result)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


COMMANDS = {"git": git, "sync": sync}
# The typer settings a command needs beyond the defaults: git passes every
# argument on to git (flags included; --help is cpdlog's, so `cpdlog git
# help log` shows git's own help).
SETTINGS = {
    "git": {
        "context_settings": {
            "allow_extra_args": True,
            "ignore_unknown_options": True,
            "help_option_names": ["--help"],
        }
    }
}
