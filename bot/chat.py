"""`waspada chat`: the real dispatcher and handlers in a terminal, with no Telegram and no token.

A session stands in for the Bot API, answering exactly as Telegram does: messages are printed,
inline and reply keyboards become numbered choices (a contact button shares a number), and
what the person types becomes Telegram updates. `:attach PATH` sends a document, `:photo PATH`
a photo, `:sticker` a sticker, `:forward TEXT` a forwarded message, `:user N` speaks as another
person, `:operator` plays an operator in the operators' chat, `:quit` leaves. Errors go to a
log file, not into the conversation.

Each chat keeps its own buttons; a message the bot sends to another chat than the one typed in
(a card to the operators, a decision to the reporter) is printed with that chat's name.
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
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.app import App, build_bot
from bot.card_poster import post_waiting_cards
from core.settings import Settings

USER_ID = 1000
BOT_ID = 1
# The operators' chat and its operator, when the deployment's settings name none.
OPERATORS_CHAT_ID = -1000000000001
OPERATOR_ID = 2000
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

    def __init__(self, output: TextIO, operators_chat: int | None) -> None:
        super().__init__(api=TelegramAPIServer.from_base("http://terminal.invalid", is_local=True))
        self._output = output
        self._message_id = 0
        self._operators_chat = operators_chat
        # Per chat: the buttons of its last message that had any, and its last message.
        self._buttons: dict[int, list[_Button]] = {}
        self._last_messages: dict[int, dict[str, Any]] = {}
        self.user_id = USER_ID
        self.chat_id = USER_ID

    @property
    def buttons(self) -> list[_Button]:
        return self._buttons.get(self.chat_id, [])

    @property
    def last_message(self) -> dict[str, Any]:
        return self._last_messages.get(self.chat_id, {})

    def speak_as(self, user_id: int, chat_id: int) -> None:
        self.user_id, self.chat_id = user_id, chat_id

    def show_buttons(self) -> None:
        for number, button in enumerate(self.buttons, start=1):
            self._print(f"     [{number}] {button.label}")

    def chat_name(self, chat_id: int) -> str:
        if chat_id == self._operators_chat:
            return "operators' chat"
        return f"person {chat_id}"

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        result: Any = True
        if isinstance(method, SendMessage):
            result = self._show_message(int(method.chat_id), method.text, method.reply_markup)
        elif isinstance(method, SendPhoto | SendDocument):
            file = method.photo if isinstance(method, SendPhoto) else method.document
            shown = f"({type(method).__name__[4:].lower()}: {file}) {method.caption or ''}"
            result = self._show_message(int(method.chat_id), shown.strip(), None)
        elif isinstance(method, EditMessageText):
            result = self._show_edit(method)
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

    def _show_message(self, chat: int, text: str, markup: Any) -> dict[str, Any]:
        self._message_id += 1
        here = chat == self.chat_id
        speaker = "bot> " if here else f"bot → {self.chat_name(chat)}> "
        self._print("\n" + speaker + _plain(text).replace("\n", "\n     "))
        if isinstance(markup, InlineKeyboardMarkup):
            self._buttons[chat] = [
                _Button(button.text, button.callback_data, self._message_id)
                for row in markup.inline_keyboard
                for button in row
            ]
        elif isinstance(markup, ReplyKeyboardMarkup):
            self._buttons[chat] = [
                _Button(button.text, request_contact=bool(button.request_contact))
                for row in markup.keyboard
                for button in row
            ]
        elif isinstance(markup, ReplyKeyboardRemove):
            self._buttons[chat] = []
        if here and isinstance(markup, InlineKeyboardMarkup | ReplyKeyboardMarkup):
            self.show_buttons()
        message = {
            "message_id": self._message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": _chat(chat),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Waspada"},
            "text": text,
        }
        # As Telegram does, a sent message echoes only an inline keyboard: a reply keyboard
        # belongs to the person's input field, not to the message.
        if isinstance(markup, InlineKeyboardMarkup):
            message["reply_markup"] = markup.model_dump(exclude_none=True)
        self._last_messages[chat] = message
        return message

    def _show_edit(self, method: EditMessageText) -> dict[str, Any]:
        chat = int(method.chat_id or self.chat_id)
        if chat == self._operators_chat:  # a card: shown again in full, with its new buttons
            return self._show_message(chat, method.text or "", method.reply_markup)
        last_line = _plain(method.text or "").splitlines()[-1]
        self._print(f"   {last_line}")
        return dict(self._last_messages.get(chat, {}), text=method.text)

    def _print(self, text: str) -> None:
        self._output.write(text + "\n")
        self._output.flush()


class TerminalChat:
    """Turns typed lines into updates for the dispatcher."""

    def __init__(self, app: App, output: TextIO, read_line: Callable[[], str]) -> None:
        self._app = app
        self._output = output
        self._read_line = read_line
        self._operators_chat = app.settings.operator_chat_id
        self._operator = min(app.settings.operators, default=OPERATOR_ID)
        self._session = TerminalSession(output, self._operators_chat)
        self._bot = build_bot(f"{BOT_ID}:terminal", app.settings, session=self._session)
        self._update_id = 0
        self._message_id = 1_000_000

    async def run(self) -> None:
        self._output.write(
            "Waspada terminal chat. Type as you would in Telegram; a number picks a button.\n"
            ":attach PATH sends a document, :photo PATH a photo, :sticker a sticker,\n"
            ":forward TEXT a forwarded message, :user N speaks as person N,\n"
            ":operator plays an operator in the operators' chat, :quit leaves.\n"
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
            self._session.speak_as(int(argument), int(argument))
            self._output.write(f"     (now speaking as person {argument.strip()})\n")
            self._session.show_buttons()
        elif command == ":operator" and self._operators_chat is not None:
            self._session.speak_as(self._operator, self._operators_chat)
            self._output.write(
                f"     (now in the operators' chat as operator {self._operator}; "
                ":user 1000 goes back)\n"
            )
            self._session.show_buttons()
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
                    "chat": _chat(self._session.chat_id),
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
        if self._operators_chat is not None:
            # In Telegram a loop beside the updates posts the cards; here, after each update.
            i18n = self._app.dispatcher["i18n"]
            await post_waiting_cards(self._app.core, self._bot, i18n, self._operators_chat)


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "Operators"}
    return {"id": chat_id, "type": "private"}


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "You", "language_code": "en"}


def _command_entity(command: str) -> dict[str, Any]:
    return {"type": "bot_command", "offset": 0, "length": len(command)}


def _now() -> int:
    return int(datetime.now(UTC).timestamp())


def terminal_settings(settings: Settings) -> Settings:
    """The deployment's settings, with an operators' chat to play when they name none."""
    if settings.operator_chat_id is not None:
        return settings
    return settings.model_copy(
        update={"operator_chat_id": OPERATORS_CHAT_ID, "operators": [OPERATOR_ID]}
    )


async def run_terminal_chat(app: App) -> None:
    await TerminalChat(app, sys.stdout, input).run()
