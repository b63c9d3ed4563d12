"""`--smoke`: each benchmark runs end to end at tiny sizes, so that CI notices one that rots.

Figures from a smoke run mean nothing; only that it finished does.
"""

import argparse
from typing import Any


def parse_with_smoke(parser: argparse.ArgumentParser, **tiny: Any) -> argparse.Namespace:
    """The parsed command line; with --smoke, the `tiny` values replace the given ones."""
    parser.add_argument(
        "--smoke", action="store_true", help="run at tiny sizes only to check that it still works"
    )
    arguments = parser.parse_args()
    if arguments.smoke:
        for name, value in tiny.items():
            setattr(arguments, name, value)
    return arguments
