"""The group guard: where an admin turned it on, a message that carries a number or link
confirmed as a scam gets one short warning reply. Everything else in a group is left alone."""

from aiogram import Bot, F, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.outbound import unsolicited
from checking.group_guard import GroupGuards
from checking.service import CheckService
from checking.verdicts import Verdict
from handlers.inputs import entities_of, text_of
from identifiers.extract import extract_from_message

GROUP_CHATS = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})
_ADMINS = {ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR}
ON, OFF = "on", "off"


async def guard_command(
    message: Message, command: CommandObject, bot: Bot, guards: GroupGuards, i18n: I18n
) -> None:
    switch = (command.args or "").strip().lower()
    if switch not in (ON, OFF):
        guarded = await guards.find(message.chat.id) is not None
        status = _("on") if guarded else _("off")
        await message.reply(
            _(
                "The scam guard is {status}. An admin can turn it on with /guard on "
                "and off with /guard off."
            ).format(status=status)
        )
        return
    if not await _sent_by_admin(message, bot):
        await message.reply(_("Only the group's admins can turn the scam guard on or off."))
        return
    if switch == OFF:
        await guards.disable(message.chat.id)
        await message.reply(_("The scam guard is off."))
        return
    admin_id = message.from_user.id if message.from_user else message.chat.id
    await guards.enable(message.chat.id, admin_id, i18n.current_locale)
    await message.reply(
        _(
            "🛡 The scam guard is on. When someone posts a number or link confirmed as a scam, "
            "I will warn the group once."
        )
    )


async def guard_message(
    message: Message, guards: GroupGuards, checks: CheckService, i18n: I18n
) -> None:
    group = await guards.find(message.chat.id)
    text = text_of(message)
    if group is None or not text:
        return
    found = extract_from_message(text, entities_of(message), checks.country)
    findings = await checks.check_identifiers(found)
    if not any(finding.verdict == Verdict.CONFIRMED_SCAM for finding in findings):
        return
    if await guards.may_warn(message.chat.id):
        # The group hears the language of the admin who turned the guard on, not the poster's.
        # A warning is the bot's own initiative: it waits for the group's turn.
        with i18n.use_locale(group.language), unsolicited():
            await message.reply(
                _(
                    "⚠️ Careful: this message has a number or link confirmed as a scam. "
                    "Do not pay, reply or click."
                )
            )


async def _sent_by_admin(message: Message, bot: Bot) -> bool:
    # An anonymous admin posts as the group itself.
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True
    if message.from_user is None:
        return False
    member = await bot.get_chat_member(message.chat.id, message.from_user.id)
    return member.status in _ADMINS


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(GROUP_CHATS)
    router.message.register(guard_command, Command("guard"))
    router.message.register(guard_message)
    return router
