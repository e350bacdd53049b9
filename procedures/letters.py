"""Render decision letters from a procedure's Jinja2 templates.

Templates are looked up first in the procedure's own folder, then in the
shared layout folder next to this module (``templates/base_letter.html.j2``),
so every letter has the same accessible structure while each procedure
writes its own words. One template serves every language: its words are
messages of the gettext catalogues (:mod:`guichet.i18n.jinja`). Autoescaping
is on (form values are typed by applicants) and undefined names raise (a
letter with a silently empty deadline would be worse than no letter).

Rendering is pure apart from reading template files; one Environment is kept
per template folder because compiling templates is the expensive part.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from guichet.i18n.catalog import gettext
from guichet.i18n.formats import (
    FALLBACK_LANGUAGE,
    LANGUAGES,
    format_money,
    format_number,
    format_percent,
)
from guichet.i18n.jinja import install as install_i18n
from procedures.base import Procedure
from procedures.calendar import format_date, format_month, local_date
from schemas.form import FieldSpec
from schemas.letter import LetterRequest
from schemas.rules import Criterion, CriterionResult

__all__ = [
    "FALLBACK_LANGUAGE",
    "LAYOUT_WORDS",
    "SHARED_TEMPLATE_DIR",
    "format_money",
    "format_number",
    "format_percent",
    "layout_texts",
    "render_letter",
    "template_name",
]

SHARED_TEMPLATE_DIR = Path(__file__).parent / "templates"
"""The shared layout folder searched after the procedure's own."""

_OUTCOME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")

LAYOUT_WORDS: tuple[str, ...] = (
    "case_reference",
    "letter_reference",
    "date",
    "criteria",
    "legal_notice",
)
"""Words of the shared layout; the catalogues write them as ``letter_<word>``."""


def layout_texts(language: str) -> dict[str, str]:
    """Return the shared layout's words in a language (the ``ui`` of letter templates).

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        Each layout word's text.

    """
    return {word: gettext(f"letter_{word}", language) for word in LAYOUT_WORDS}


def template_name(outcome: str, language: str) -> str:
    """Return the template file name for an outcome (one template for every language).

    Args:
        outcome: ``approved``, ``rejected``, ...
        language: An ISO 639-1 code (checked; the template is the same for all).

    Returns:
        ``letter_<outcome>.html.j2``.

    Raises:
        ValueError: If either part is not a plain lowercase name (which also
            keeps paths out of template names).

    """
    if not _OUTCOME_RE.match(outcome):
        raise ValueError(f"invalid letter outcome: {outcome!r}")
    if not _LANGUAGE_RE.match(language):
        raise ValueError(f"invalid letter language: {language!r}")
    return f"letter_{outcome}.html.j2"


# --- filters: they read the language, time zone and fields from the render context.


def _lang(ctx: jinja2.runtime.Context) -> str:
    return str(ctx["language"])


def _as_date(ctx: jinja2.runtime.Context, value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        tz: ZoneInfo = ctx["timezone"]
        return local_date(value, tz)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, jinja2.Undefined):
        # A missing date in a message's values fails as any missing value does.
        value._fail_with_undefined_error()
    return dt.date.fromisoformat(value)


@jinja2.pass_context
def _date_filter(
    ctx: jinja2.runtime.Context, value: dt.date | dt.datetime | str, style: str = "long"
) -> str:
    day = _as_date(ctx, value)
    # "iso" serves machine-readable attributes such as <time datetime="...">.
    if style == "iso":
        return day.isoformat()
    return format_date(day, _lang(ctx), style=style)


@jinja2.pass_context
def _month_filter(ctx: jinja2.runtime.Context, value: str | dt.date) -> str:
    return format_month(value, _lang(ctx))


@jinja2.pass_context
def _money_filter(
    ctx: jinja2.runtime.Context, value: int | float | Decimal, currency: str = "EUR"
) -> str:
    return format_money(value, _lang(ctx), currency)


@jinja2.pass_context
def _number_filter(
    ctx: jinja2.runtime.Context, value: int | float | Decimal, places: int = 0
) -> str:
    return format_number(value, _lang(ctx), places)


@jinja2.pass_context
def _percent_filter(
    ctx: jinja2.runtime.Context, value: int | float | Decimal, places: int = 0
) -> str:
    return format_percent(value, _lang(ctx), places)


def _field(ctx: jinja2.runtime.Context, name: str) -> FieldSpec:
    fields: Mapping[str, FieldSpec] = ctx["fields"]
    if name not in fields:
        raise KeyError(f"letter template names an unknown field: {name!r}")
    return fields[name]


@jinja2.pass_context
def _label_filter(ctx: jinja2.runtime.Context, name: str) -> str:
    return _field(ctx, name).label(_lang(ctx))


@jinja2.pass_context
def _choice_filter(ctx: jinja2.runtime.Context, value: str, name: str) -> str:
    lang = _lang(ctx)
    for option in _field(ctx, name).choices:
        if option.value == value:
            return option.labels.get(lang) or option.labels[FALLBACK_LANGUAGE]
    return value


@jinja2.pass_context
def _yes_no_filter(ctx: jinja2.runtime.Context, value: bool) -> str:
    return gettext("letter_yes", _lang(ctx)) if value else gettext("letter_no", _lang(ctx))


@jinja2.pass_context
def _explain_filter(ctx: jinja2.runtime.Context, criterion: Criterion) -> str:
    return criterion.explanation.get(_lang(ctx)) or criterion.explanation[FALLBACK_LANGUAGE]


@jinja2.pass_context
def _result_filter(ctx: jinja2.runtime.Context, result: CriterionResult) -> str:
    return gettext(f"letter_result_{CriterionResult(result).value}", _lang(ctx))


@functools.cache
def _environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(template_dir), str(SHARED_TEMPLATE_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates ship with the code; skipping the per-render mtime check keeps rendering pure.
        auto_reload=False,
    )
    install_i18n(env)
    env.filters.update(
        date=_date_filter,
        month=_month_filter,
        money=_money_filter,
        number=_number_filter,
        percent=_percent_filter,
        label=_label_filter,
        choice=_choice_filter,
        yes_no=_yes_no_filter,
        explain=_explain_filter,
        result_label=_result_filter,
    )
    return env


def render_letter(request: LetterRequest, procedure: Procedure) -> str:
    """Render a decision letter as a standalone HTML document.

    The template is ``letter_<outcome>.html.j2`` from the procedure's
    template folder, one for every language: its words are catalogue messages
    (``{{ _("letter_...", name=value) }}``, Jinja2's i18n extension); a
    language Guichet does not write is written in English. Templates see:
    ``request``, ``form``, ``outcome`` (the rule outcome or ``None``),
    ``criteria``, ``facts``, ``language``, ``procedure_title``, ``ui`` (layout
    words) and the filters ``date``, ``month``, ``money``, ``number``,
    ``percent``, ``label`` (field label), ``choice`` (choice label),
    ``yes_no``, ``explain`` (criterion explanation) and ``result_label``.

    Args:
        request: What the letter shows.
        procedure: The procedure (template folder, time zone, fields, titles).

    Returns:
        The HTML.

    Raises:
        ValueError: If the outcome or language is not a plain name.
        jinja2.TemplateNotFound: If the procedure has no letter for the outcome.
        jinja2.UndefinedError: If a template uses a value the request lacks.

    """
    env = _environment(procedure.template_dir)
    template = env.get_template(template_name(request.outcome, request.language))
    # The one fallback rule: a language Guichet does not write is written in English.
    language = request.language if request.language in LANGUAGES else FALLBACK_LANGUAGE
    outcome = request.rule_outcome
    return template.render(
        request=request,
        form=request.form,
        outcome=outcome,
        criteria=list(outcome.criteria) if outcome is not None else [],
        facts=dict(outcome.facts) if outcome is not None else {},
        language=language,
        timezone=procedure.timezone,
        fields=procedure.fields,
        procedure_title=procedure.title(language),
        ui=layout_texts(language),
    )
