"""A fake Telegram Bot API server on 127.0.0.1, spoken to over real HTTP.

It keeps a queue of updates for getUpdates (long polling, offsets confirmed the way Telegram
does), records every method the bot calls, stores files for getFile and download, and can
answer 429 with retry_after. Tests and benchmarks drive a bot through it.
"""

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456
TOKEN = f"{BOT_ID}:TEST-token-for-the-fake-server"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.perf_counter)


@dataclass
class FakeFile:
    file_id: str
    file_unique_id: str
    content: bytes
    reported_size: int


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.pushed_at: dict[int, float] = {}
        self.confirmed_offset = 0
        self.offsets_requested: list[tuple[float, int]] = []
        self.files: dict[str, FakeFile] = {}
        self.webhook: dict[str, Any] | None = None
        self.group_admins: dict[int, set[int]] = {}
        # The language each user's Telegram app is set to; English unless a test says.
        self.app_languages: dict[int, str] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._new_call = asyncio.Condition()
        # (method, chat or None for any chat) -> how many more calls get 429, and for how long.
        self._rate_limited: dict[tuple[str, int | None], tuple[int, int]] = {}
        self._stalled_texts: list[str] = []
        self._stopped = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.base_url = ""

    async def start(self) -> "FakeBotApi":
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self._closing = True
        self._stopped.set()
        async with self._new_update:
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # What a user does -------------------------------------------------------------------

    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **payload}
        self._updates.append(update)
        self.pushed_at[update_id] = time.perf_counter()
        asyncio.get_running_loop().create_task(self._notify_update())
        return update

    def send_text(self, user_id: int, text: str, **extra: Any) -> dict[str, Any]:
        return self.push({"message": self._typed(user_id, text, **extra)})

    def send_message(self, user_id: int, **content: Any) -> dict[str, Any]:
        return self.push({"message": self.user_message(user_id, **content)})

    def send_to_group(self, chat_id: int, user_id: int, text: str) -> dict[str, Any]:
        """A member posts in a group (Telegram's group ids are negative)."""
        message = self._typed(user_id, text)
        message["chat"] = {"id": chat_id, "type": "supergroup", "title": "Neighbours"}
        return self.push({"message": message})

    def _typed(self, user_id: int, text: str, **extra: Any) -> dict[str, Any]:
        """A typed message; a leading /command is marked as Telegram marks it."""
        message = self.user_message(user_id, text=text, **extra)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def inline_query(self, user_id: int, query: str) -> dict[str, Any]:
        return self.push(
            {
                "inline_query": {
                    "id": str(next(self._message_ids)),
                    "from": self._user(user_id),
                    "query": query,
                    "offset": "",
                }
            }
        )

    def press(self, user_id: int, bot_message: dict[str, Any], label: str) -> dict[str, Any]:
        """Presses the inline button whose text contains `label` on a message the bot sent."""
        markup = bot_message["params"].get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return self.press_data(user_id, bot_message, button["callback_data"])
        raise AssertionError(f"no button with {label!r} in {markup}")

    def press_data(self, user_id: int, bot_message: dict[str, Any], data: str) -> dict[str, Any]:
        return self.push(
            {
                "callback_query": {
                    "id": str(next(self._message_ids)),
                    "from": self._user(user_id),
                    "chat_instance": f"chat-{user_id}",
                    "data": data,
                    "message": bot_message["result"],
                }
            }
        )

    def user_message(self, user_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "User"},
            "from": self._user(user_id),
            **content,
        }

    def add_file(self, content: bytes, reported_size: int | None = None) -> FakeFile:
        number = len(self.files) + 1
        stored = FakeFile(
            f"file-{number}",
            f"unique-{number}",
            content,
            len(content) if reported_size is None else reported_size,
        )
        self.files[stored.file_id] = stored
        return stored

    def stall_messages_containing(self, text: str) -> None:
        """sendMessage calls whose text contains `text` get no answer, as if the bot died
        while sending; each is logged as "sendMessage:stalled"."""
        self._stalled_texts.append(text)

    def stop_stalling(self) -> None:
        self._stalled_texts.clear()

    def rate_limit(
        self, method: str, times: int = 1, chat_id: int | None = None, retry_after: int = 1
    ) -> None:
        """The next `times` calls of `method` (to `chat_id` only, when given) get 429 with
        `retry_after`."""
        self._rate_limited[(method, chat_id)] = (times, retry_after)

    # What the tests observe -------------------------------------------------------------

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[Call]:
        return [
            call
            for call in self.calls
            if call.method == method
            and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)
        ]

    async def wait_for(
        self, predicate: Callable[[Call], bool], seconds: float = 10.0, after: int = 0
    ) -> Call:
        """The first call from index `after` on that satisfies the predicate."""

        async def find() -> Call:
            async with self._new_call:
                while True:
                    for call in self.calls[after:]:
                        if predicate(call):
                            return call
                    await self._new_call.wait()

        return await asyncio.wait_for(find(), seconds)

    async def next_message(
        self, chat_id: int, after: int, seconds: float = 10.0, containing: str = ""
    ) -> dict[str, Any]:
        call = await self.wait_for(
            lambda c: (
                c.method == "sendMessage"
                and int(c.params["chat_id"]) == chat_id
                and containing in c.params["text"]
            ),
            seconds=seconds,
            after=after,
        )
        return {"params": call.params, "result": call.params["_result"]}

    def last_update_id(self) -> int:
        return self._updates[-1]["update_id"] if self._updates else 0

    async def updates_after(self, update_id: int) -> list[dict[str, Any]]:
        """The updates pushed after `update_id`, waiting for one if there is none yet: what
        Telegram sends to a webhook (getUpdates is not used then). Empty once stopped."""
        async with self._new_update:
            while not self._closing:
                newer = [update for update in self._updates if update["update_id"] > update_id]
                if newer:
                    return newer
                await self._new_update.wait()
        return []

    def mark(self) -> int:
        """A position in the call log; pass it as `after` to wait for what comes next."""
        return len(self.calls)

    # The HTTP side ----------------------------------------------------------------------

    async def _notify_update(self) -> None:
        async with self._new_update:
            self._new_update.notify_all()

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        limited = self._rate_limit_for(method, params)
        if limited is not None:
            await self._record(Call(method + ":429", params))
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {limited}",
                    "parameters": {"retry_after": limited},
                },
                status=429,
            )
        if method == "sendMessage" and any(
            t in params.get("text", "") for t in self._stalled_texts
        ):
            await self._record(Call(method + ":stalled", params))
            await self._stopped.wait()
            return _error(500, "Internal Server Error")
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        if method != "getUpdates":
            call = Call(method, params)
            result = handler(params)
            if isinstance(result, web.Response):
                return result
            params["_result"] = result
            await self._record(call)
            return web.json_response({"ok": True, "result": result})
        return web.json_response({"ok": True, "result": await self._api_getUpdates(params)})

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._new_call:
            self._new_call.notify_all()

    def _rate_limit_for(self, method: str, params: dict[str, Any]) -> int | None:
        """The retry_after to answer this call with, when a test asked for a 429 here."""
        chat = params.get("chat_id")
        for key in ((method, int(chat) if chat is not None else None), (method, None)):
            times, retry_after = self._rate_limited.get(key, (0, 0))
            if times:
                self._rate_limited[key] = (times - 1, retry_after)
                return retry_after
        return None

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.offsets_requested.append((time.perf_counter(), offset))
        if offset:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        async with self._new_update:
            while not self._updates and not self._closing and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return self._updates[:limit]

    def _api_getMe(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Waspada", "username": "waspada_bot"}

    def _api_deleteWebhook(self, _params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        if len(params.get("text", "")) > 4096:
            return _error(400, "Bad Request: message is too long")
        return self._bot_message(params)

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_message(params, int(params["message_id"]))

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_message(params, int(params["message_id"]))

    def _api_answerCallbackQuery(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_answerInlineQuery(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = int(params["user_id"])
        member: dict[str, Any] = {"status": "member", "user": self._user(user_id)}
        if user_id in self.group_admins.get(int(params["chat_id"]), set()):
            member |= {"status": "administrator", **_ADMIN_RIGHTS}
        return member

    def _api_sendChatAction(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_setMyCommands(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_getFile(self, params: dict[str, Any]) -> dict[str, Any] | web.Response:
        stored = self.files.get(params["file_id"])
        if stored is None:
            return _error(400, "Bad Request: invalid file_id")
        if stored.reported_size > 20 * 1024 * 1024:
            return _error(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.reported_size,
            "file_path": f"documents/{stored.file_id}.bin",
        }

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        file_id = request.match_info["path"].removeprefix("documents/").removesuffix(".bin")
        stored = self.files.get(file_id)
        if stored is None:
            return _error(404, "Not Found")
        self.calls.append(Call("download", {"file_id": file_id}))
        return web.Response(body=stored.content)

    def _user(self, user_id: int) -> dict[str, Any]:
        language = self.app_languages.get(user_id, "en")
        return {"id": user_id, "is_bot": False, "first_name": "User", "language_code": language}

    def _bot_message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"},
            "from": self._api_getMe({}),
            "text": params.get("text", ""),
        }
        if params.get("reply_markup") and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        return message


# The fields Telegram always sends for an administrator.
_ADMIN_RIGHTS = dict.fromkeys(
    [
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_send_welcome_messages",
    ],
    False,
)


def _error(status: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": status, "description": description}, status=status
    )


async def _params(request: web.Request) -> dict[str, Any]:
    """aiogram posts form fields; nested objects arrive JSON-encoded."""
    if request.content_type == "application/json":
        raw: dict[str, Any] = await request.json()
    else:
        raw = dict(await request.post())
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value[:1] in "[{":
            try:
                params[key] = json.loads(value)
                continue
            except json.JSONDecodeError:
                pass
        params[key] = value
    return params
