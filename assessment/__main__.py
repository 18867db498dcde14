"""`python -m assessment`: the command line."""

import sys

from assessment.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
