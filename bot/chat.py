"""`waspada chat`: the real dispatcher and handlers in a terminal, with no Telegram and no token.

A session stands in for the Bot API, answering exactly as Telegram does: messages are printed,
inline and reply keyboards become numbered choices (a contact button shares a number), and
what the person types becomes Telegram updates. `:attach PATH` sends a document, `:photo PATH`
a photo, `:sticker` a sticker, `:forward TEXT` a forwarded message, `:user N` speaks as another
person, `:quit` leaves. Errors go to a log file, not into the conversation.
"""

import asyncio
import html
import json
import re
import sys
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.app import App, build_bot

USER_ID = 1000
BOT_ID = 1
LOG_FILE = "waspada-chat.log"
_STICKER = {
    "file_id": "terminal-sticker",
    "file_unique_id": "terminal-sticker",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}
_TAG = re.compile(r"<[^>]+>")


@dataclass
class _Button:
    label: str
    callback_data: str | None = None
    message_id: int | None = None
    request_contact: bool = False


class TerminalSession(BaseSession):
    """Answers the Bot API calls the handlers make by printing to the terminal."""

    def __init__(self, output: TextIO) -> None:
        super().__init__(api=TelegramAPIServer.from_base("http://terminal.invalid", is_local=True))
        self._output = output
        self._message_id = 0
        self.buttons: list[_Button] = []
        self.last_message: dict[str, Any] = {}
        self.user_id = USER_ID

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        result: Any = True
        if isinstance(method, SendMessage):
            result = self._show_message(method)
        elif isinstance(method, EditMessageText):
            last_line = _plain(method.text or "").splitlines()[-1]
            self._print(f"   {last_line}")
            result = dict(self.last_message, text=method.text)
        elif isinstance(method, EditMessageReplyMarkup):
            result = self.last_message
        elif isinstance(method, AnswerCallbackQuery):
            if method.text:
                self._print(f"   ({method.text})")
        elif isinstance(method, GetFile):
            path = Path(method.file_id)
            result = {
                "file_id": method.file_id,
                "file_unique_id": method.file_id,
                "file_size": path.stat().st_size,
                "file_path": str(path.resolve()),
            }
        response = json.dumps({"ok": True, "result": result}, default=str)
        return self.check_response(bot, method, 200, response).result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise RuntimeError("the terminal reads files from disk; nothing is downloaded")
        yield b""  # pragma: no cover

    async def close(self) -> None:
        """Nothing to close: no connection was opened."""

    def _show_message(self, method: SendMessage) -> dict[str, Any]:
        self._message_id += 1
        self._print("\nbot> " + _plain(method.text).replace("\n", "\n     "))
        markup = method.reply_markup
        if isinstance(markup, InlineKeyboardMarkup):
            self.buttons = [
                _Button(button.text, button.callback_data, self._message_id)
                for row in markup.inline_keyboard
                for button in row
            ]
        elif isinstance(markup, ReplyKeyboardMarkup):
            self.buttons = [
                _Button(button.text, request_contact=bool(button.request_contact))
                for row in markup.keyboard
                for button in row
            ]
        elif isinstance(markup, ReplyKeyboardRemove):
            self.buttons = []
        if isinstance(markup, InlineKeyboardMarkup | ReplyKeyboardMarkup):
            for number, button in enumerate(self.buttons, start=1):
                self._print(f"     [{number}] {button.label}")
        self.last_message = {
            "message_id": self._message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": self.user_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Waspada"},
            "text": method.text,
        }
        # As Telegram does, a sent message echoes only an inline keyboard: a reply keyboard
        # belongs to the person's input field, not to the message.
        if isinstance(markup, InlineKeyboardMarkup):
            self.last_message["reply_markup"] = markup.model_dump(exclude_none=True)
        return self.last_message

    def _print(self, text: str) -> None:
        self._output.write(text + "\n")
        self._output.flush()


class TerminalChat:
    """Turns typed lines into updates for the dispatcher."""

    def __init__(self, app: App, output: TextIO, read_line: Callable[[], str]) -> None:
        self._app = app
        self._output = output
        self._read_line = read_line
        self._session = TerminalSession(output)
        self._bot = build_bot(f"{BOT_ID}:terminal", app.settings, session=self._session)
        self._update_id = 0
        self._message_id = 1_000_000

    async def run(self) -> None:
        self._output.write(
            "Waspada terminal chat. Type as you would in Telegram; a number picks a button.\n"
            ":attach PATH sends a document, :photo PATH a photo, :sticker a sticker,\n"
            ":forward TEXT a forwarded message, :user N speaks as person N, :quit leaves.\n"
            f"Errors are written to {LOG_FILE}.\n"
        )
        await self._send({"text": "/start", "entities": [_command_entity("/start")]})
        while True:
            self._output.write("\nyou> ")
            self._output.flush()
            try:
                line = (await asyncio.to_thread(self._read_line)).strip()
            except EOFError:
                break
            if line == ":quit":
                break
            if line:
                await self._handle_line(line)
        await self._bot.session.close()

    async def _handle_line(self, line: str) -> None:
        buttons = self._session.buttons
        command, _, argument = line.partition(" ")
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            await self._press(buttons[int(line) - 1])
        elif command in (":attach", ":photo"):
            await self._attach(Path(argument.strip()).expanduser(), as_photo=command == ":photo")
        elif command == ":sticker":
            await self._send({"sticker": _STICKER})
        elif command == ":user" and argument.strip().isdigit():
            self._session.user_id = int(argument)
            self._session.buttons = []
            self._output.write(f"     (now speaking as person {argument.strip()})\n")
        elif command == ":forward":
            await self._send(
                {
                    "text": argument,
                    "forward_origin": {
                        "type": "hidden_user",
                        "sender_user_name": "Unknown sender",
                        "date": _now(),
                    },
                }
            )
        else:
            entities = [_command_entity(line.split()[0])] if line.startswith("/") else []
            await self._send({"text": line, "entities": entities})

    async def _press(self, button: _Button) -> None:
        if button.callback_data is not None:
            await self._feed(
                {
                    "callback_query": {
                        "id": str(self._update_id),
                        "from": _user(self._session.user_id),
                        "chat_instance": "terminal",
                        "data": button.callback_data,
                        "message": self._session.last_message | {"message_id": button.message_id},
                    }
                }
            )
        elif button.request_contact:
            self._output.write("     (your phone number, as Telegram would share it) ")
            self._output.flush()
            phone = (await asyncio.to_thread(self._read_line)).strip()
            await self._send(
                {
                    "contact": {
                        "phone_number": phone,
                        "first_name": "You",
                        "user_id": self._session.user_id,
                    }
                }
            )
        else:
            await self._send({"text": button.label})

    async def _attach(self, path: Path, *, as_photo: bool) -> None:
        if not path.is_file():
            self._output.write(f"     (no such file: {path})\n")
            return
        file = {
            "file_id": str(path),
            "file_unique_id": str(path),
            "file_size": path.stat().st_size,
        }
        if as_photo:
            await self._send({"photo": [file | {"width": 1080, "height": 1920}]})
        else:
            await self._send({"document": file | {"file_name": path.name}})

    async def _send(self, message: dict[str, Any]) -> None:
        self._message_id += 1
        await self._feed(
            {
                "message": {
                    "message_id": self._message_id,
                    "date": _now(),
                    "chat": {"id": self._session.user_id, "type": "private"},
                    "from": _user(self._session.user_id),
                }
                | message
            }
        )

    async def _feed(self, payload: dict[str, Any]) -> None:
        self._update_id += 1
        update = Update.model_validate(
            {"update_id": self._update_id} | payload, context={"bot": self._bot}
        )
        await self._app.dispatcher.feed_update(self._bot, update)


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "You", "language_code": "en"}


def _command_entity(command: str) -> dict[str, Any]:
    return {"type": "bot_command", "offset": 0, "length": len(command)}


def _now() -> int:
    return int(datetime.now(UTC).timestamp())


async def run_terminal_chat(app: App) -> None:
    await TerminalChat(app, sys.stdout, input).run()
