"""`python -m integracheck` runs the command line."""

from integracheck.cli import main

main()
