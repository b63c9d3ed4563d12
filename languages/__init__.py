"""Which language a piece of text is written in."""
