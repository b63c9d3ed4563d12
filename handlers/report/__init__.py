"""The report journey, in one package: its steps in one table (steps.py), the questions
(prompts.py), where a person is (journey.py), starting and moving (commands.py), choices and
submitting (picks.py), typed and sent answers (answers.py), and what is kept from what people
say outside the question (notes.py)."""

from aiogram import Router

from handlers.report import answers, commands, picks


def build_router() -> Router:
    router = Router(name=__name__)
    router.include_routers(commands.build_router(), picks.build_router(), answers.build_router())
    return router
