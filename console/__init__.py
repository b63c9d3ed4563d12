"""The operator console: review, search, lists and the picture, in a browser."""
