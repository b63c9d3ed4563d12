"""The core every command builds: settings, database, unit of work, services, publishers.

None of it imports aiogram: only `waspada run` and `waspada chat` add the Telegram runtime
(the `bot` package) on top, so a relay, a queue command or an import starts quickly.
"""
