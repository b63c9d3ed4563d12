"""The `waspada` command line. Only `run` and `chat` load the Telegram runtime (aiogram);
every other command works on the core alone and starts quickly."""
