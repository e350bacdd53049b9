"""Jinja2's i18n extension wired to the catalogues: one template for every language.

A letter or mail template says ``{{ _("mail_greeting") }}`` or
``{{ _("mail_decision_text", case_id=case_id, title=title) }}`` (or
``{% trans %}``/``ngettext`` for plurals) and is rendered with ``language``
in its context; the extension's new-style gettext fills the ``%(name)s``
placeholders and, in HTML templates, escapes the values. The language is
read from the render context, so one environment serves every language at
once.
"""

from __future__ import annotations

import jinja2

from guichet.i18n.catalog import translations

__all__ = ["install"]


@jinja2.pass_context
def _gettext(ctx: jinja2.runtime.Context, key: str) -> str:
    return translations(str(ctx["language"])).gettext(key)


@jinja2.pass_context
def _ngettext(ctx: jinja2.runtime.Context, key: str, plural: str, count: int) -> str:
    return translations(str(ctx["language"])).ngettext(key, plural, count)


def install(env: jinja2.Environment) -> jinja2.Environment:
    """Add the i18n extension to ``env`` with the catalogues' gettext and ngettext.

    Templates must be rendered with ``language`` in their context.

    Args:
        env: The environment (its extensions may not include i18n yet).

    Returns:
        The same environment.

    """
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True
    )
    return env
