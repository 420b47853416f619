"""Usage errors in the run's language: ``--lang`` on every command, and every refused command
line said in English or Chinese, naming the option and the value refused.

Typer reports a rejected value through pydantic (``Input should be greater than or equal to 1``,
without the value); :func:`show` says it from the validation error's structure instead (``0 is
below the least value, 1``), and prints any usage error as ``Error: …`` / ``错误：…`` on stderr
after the usage line, as click does.
"""

from __future__ import annotations

import copy
import functools
import re
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer._click import Command, Context, Parameter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
    UsageError,
    _join_param_hints,
)

from landsea.cli.messages import error_line, t, use_language

__all__ = ["Language", "prepare", "show"]


class Language(StrEnum):
    """The languages of the command line."""

    EN = "en"
    ZH = "zh"


def _chosen_language(value: Language | None) -> None:
    if value is not None:
        use_language(value.value)


def _language_holder(
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="en or zh: the language of messages (default: LANDSEA_LANG, then the locale).",
            callback=_chosen_language,
            is_eager=True,
            expose_value=False,
        ),
    ] = None,
) -> None:
    """Holds the ``--lang`` option that :func:`prepare` gives every command."""


@functools.cache
def _built_language_option() -> Parameter:
    holder = typer.Typer()
    holder.command()(_language_holder)
    return typer.main.get_command(holder).params[0]


def _language_option() -> Parameter:
    """A copy of the ``--lang`` option, built once (Typer builds a command in ~2 ms; there
    are 25 commands)."""
    return copy.copy(_built_language_option())


def prepare(command: Command) -> None:
    """Give ``command`` and every command below it ``--lang`` (unless it declares its own)."""
    if not any(param.name == "lang" for param in command.params):
        command.params.append(_language_option())
    for sub in getattr(command, "commands", {}).values():
        prepare(sub)


_NOT_ONE_OF = re.compile(r"Value error, (?P<value>.+) is not one of (?P<choices>.+)\.")
_BOUNDS = {
    "greater_than_equal": ("ge", "usage.at_least"),
    "greater_than": ("gt", "usage.above"),
    "less_than_equal": ("le", "usage.at_most"),
    "less_than": ("lt", "usage.below"),
}


def _refusal(exc: BadParameter) -> str:
    """What is wrong with the value, from the validation error behind ``exc`` when there is one."""
    choice = _NOT_ONE_OF.fullmatch(exc.message)
    if choice:
        return t("usage.not_one_of", value=choice["value"], choices=choice["choices"])
    cause: Any = exc.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    if not errors:
        return exc.message
    error = errors[0]
    value, kind, context = error.get("input"), error.get("type", ""), error.get("ctx") or {}
    if kind in _BOUNDS:
        bound, key = _BOUNDS[kind]
        return t(key, value=value, bound=context[bound])
    if kind in ("int_parsing", "int_from_float", "float_parsing"):
        number = "integer" if kind.startswith("int") else "float"
        return t("usage.not_a_number", value=value, kind=t(f"usage.kind.{number}"))
    return exc.message


def _hint(exc: BadParameter) -> str | None:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    return _join_param_hints(hint)


def _message(exc: ClickException) -> str:
    """``exc``'s message in the run's language, naming the option and the value."""
    if isinstance(exc, NoSuchOption):
        text = t("usage.no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += " " + t("usage.did_you_mean", choices=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, BadOptionUsage) and exc.message.endswith("requires an argument."):
        return t("usage.needs_value", name=exc.option_name)
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        return t("usage.missing", kind=t(f"usage.kind.{kind}"), param=_hint(exc))
    if isinstance(exc, BadParameter):
        return t("usage.invalid_value", param=_hint(exc), message=_refusal(exc))
    return exc.format_message()


def show(exc: ClickException) -> None:
    """Print ``exc`` as click does (usage line, help hint, ``Error: …``), in the run's language."""
    ctx: Context | None = exc.ctx if isinstance(exc, UsageError) else None
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(t("error.try_help", command=ctx.command_path) + "\n", err=True)
    typer.echo(error_line(_message(exc)), err=True)
