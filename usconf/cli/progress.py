"""Progress for --wait: a rich bar on a terminal when rich is installed, plain lines otherwise.

`with progress_display(enabled) as report:` gives a callback `report(what, done, total)`
(the library's progress signature) that draws on stderr, so --json output on stdout
stays clean.
"""
import contextlib
import sys

import click


class PlainProgress:
    """One line per step or per tenth of the way: readable in logs and CI output."""

    def __init__(self):
        self.last = None

    def __call__(self, what, done, total):
        if total:
            share = max(0, min(100, int(done * 100 / total)))
            mark = (what, share // 10)
            text = f"{what}: {share}%" if total == 100 or what == "uploading" else f"{what}: {done:.0f}s of {total:.0f}s"
            if what == "uploading":
                text = f"{what}: {share}% ({_mb(done)} of {_mb(total)})"
        else:
            mark, text = (what, None), what
        if mark != self.last:
            self.last = mark
            click.echo(text, err=True)


def _mb(count):
    return f"{count / 1e6:.1f} MB"


class RichProgress:
    def __init__(self, progress):
        self.progress, self.tasks = progress, {}

    def __call__(self, what, done, total):
        task = self.tasks.get(what)
        if task is None:
            task = self.tasks[what] = self.progress.add_task(what, total=total or None)
        self.progress.update(task, completed=done, total=total or None)


@contextlib.contextmanager
def progress_display(enabled=True):
    if not enabled:
        yield None
        return
    try:
        if not sys.stderr.isatty():
            raise ImportError
        from rich.progress import Progress
    except ImportError:
        yield PlainProgress()
        return
    with Progress(transient=True) as bar:
        yield RichProgress(bar)
