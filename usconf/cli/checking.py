"""`usconf validate`'s work and its lines, without click: usconf.cli.quick runs it for a plain
`usconf validate FILE...` (the pre-commit hook's command) without loading click at all."""
import sys

from usconf.errors import ValidationError
from usconf.language.load import load
from usconf.language.validate import new_item_problems


def _line(stream, text):
    stream.write(text + "\n")
    stream.flush()


def check_files(files, variables=None, vars_files=(), secrets_dirs=None, device=None):
    """Print 'FILE: valid' or each problem of every file; 1 when any file is invalid, else 0.

    `device`: (get-info, users, settings) read from a device, to check against its own
    capabilities and items; None checks offline against the reference's HDMI capabilities."""
    info, users, settings = device if device is not None else (None, None, None)
    invalid = 0
    for path in files:
        try:
            desired = load(path, vars=variables or {}, vars_files=vars_files, info=info, secrets_dirs=secrets_dirs)
            if users is not None:
                found = new_item_problems(desired, users, settings)
                if found:
                    raise ValidationError(found)
        except ValidationError as exc:
            invalid += 1
            for problem in exc.problems:
                _line(sys.stdout, problem)
            _line(sys.stderr, f"{path}: invalid ({len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''})")
        else:
            _line(sys.stdout, f"{path}: valid")
    return 1 if invalid else 0
