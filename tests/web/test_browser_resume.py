"""Coming back to an application (issue 21, item 12), in a real browser.

An RSA form asks for no e-mail address: the chat says a lost link can be
sent again only to an address the applicant gives, and where to give it; the
"lost your link" page then sends one to that address, and says the truth
without telling a stranger whether a case exists; a used link answers in the
case's language; a home page whose cookies are gone starts afresh instead of
answering "Not allowed".
"""

from __future__ import annotations

import email
import re

from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    site,
    tab_to,
)
from web.context import WebContext

ADDRESS = "camille.martin@example.org"


async def test_resume_says_the_truth_in_the_case_language(
    site: Site,  # noqa: F811  (the fixture imported above)
    web_context: WebContext,
) -> None:
    url = site.url
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang=fr")
    await page.check("#procedure-minimum_income")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    case_id = (await page.locator(".reference code").inner_text()).strip()
    # No e-mail in this form: the chat says so, and where to give one.
    assert "ne demande pas d'adresse" in await page.locator("#no-email").inner_text()
    await page.click("#no-email a")
    await page.wait_for_url("**/status#contact")
    await tab_to(page, "#contact-email")
    await page.keyboard.type(ADDRESS)
    await page.keyboard.press("Enter")
    # Saved: the page says so (the address was already /status#contact).
    await page.locator("#contact p[role=status]", has_text=ADDRESS).wait_for()
    await page.goto(f"{url}/chat")
    assert await page.locator("#no-email").count() == 0
    await check(page, "61-chat-email-given-fr")

    # A stranger, in English, asks for a link: the same truthful answer either way.
    stranger = await site.browser.new_context(locale="en-GB")
    lost = await stranger.new_page()
    sent_before = (
        set(web_context.outbox_dir.glob("*")) if web_context.outbox_dir.exists() else set()
    )
    answers = []
    for reference, address in ((case_id, "someone@example.org"), (case_id, ADDRESS)):
        await lost.goto(f"{url}/continue?lang=en")
        await lost.fill("#reference", reference)
        await lost.fill("#email", address)
        await lost.click("form.card button.primary")
        answers.append(await lost.locator("main").inner_text())
    assert answers[0] == answers[1]
    assert (
        "we have just sent a new link" in answers[0] and "Otherwise nothing was sent" in answers[0]
    )
    assert "on its way" not in answers[0]
    await check(lost, "62-continue-sent-en")
    mails = set(web_context.outbox_dir.glob("*")) - sent_before
    assert len(mails) == 1, mails  # only the matching address got one
    message = email.message_from_bytes(next(iter(mails)).read_bytes())
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode("utf-8")
    link = re.search(r"http\S+/continue\?code=\S+", body)
    assert link is not None and link.group(0).endswith("&lang=fr"), body
    path = link.group(0).split("/continue", 1)[1]

    # The link works once; used again, it answers in French, the case's language.
    await lost.goto(f"{url}/continue{path}")
    await lost.wait_for_url("**/chat")
    used = await site.browser.new_context(locale="en-GB")
    again = await used.new_page()
    await again.goto(f"{url}/continue{path}")
    assert await again.locator("html").get_attribute("lang") == "fr"
    assert "Ce lien n'est plus valable" in await again.locator("main").inner_text()
    await check(again, "63-continue-used-fr")

    # A home page left open after its cookies are gone starts afresh.
    home = await used.new_page()
    await home.goto(f"{url}/?lang=de")
    await used.clear_cookies()
    await home.click("form.card button.primary")
    await home.locator("#start-afresh").wait_for()
    assert "Nicht erlaubt" not in await home.content()
    await check(home, "64-start-afresh-de")
    await home.click("form.card button.primary")
    await home.wait_for_url("**/chat*")
    for context in (applicant, stranger, used):
        await context.close()
