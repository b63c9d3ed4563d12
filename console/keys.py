"""What the console's application holds, by typed key."""

from aiogram.utils.i18n import I18n
from aiohttp import web

from accounts.service import AccountService
from console.decisions import FollowUp
from console.evidence import EvidenceCache
from core.app import Core

# Where the console is mounted: "/console" inside `waspada run`, the same alone.
PREFIX = web.AppKey("prefix", str)
CORE = web.AppKey("core", Core)
ACCOUNTS = web.AppKey("accounts", AccountService)
I18N = web.AppKey("i18n", I18n)
EVIDENCE = web.AppKey("evidence", EvidenceCache)
# Inside `waspada run`: what tells Telegram of a decision taken here.
FOLLOW_UP: web.AppKey[FollowUp] = web.AppKey("follow_up")
