"""The HTTP layer. Path ids are matched with at most 9 digits (see routing.py), so an id no database row can
have is a 404 instead of an integer overflow in the database driver."""

from server import routing

routing.bound_integer_paths()
