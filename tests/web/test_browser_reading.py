"""While an answer is read, the applicant sees it (issue 19: no frozen page).

The answer's request is held back in the browser: meanwhile the "reading
your answer" status is shown (a polite live region) and the send button is
disabled so the answer is not sent twice; once the reply is there, the
status is hidden again.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import Route

from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    site,
)


async def test_the_chat_says_it_is_reading_the_answer(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{site.url}/?lang=en")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    indicator = page.locator("#reading")
    assert await indicator.get_attribute("role") == "status"
    assert await indicator.evaluate("e => getComputedStyle(e).opacity") == "0"

    release = asyncio.Event()

    async def held(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await page.route("**/chat/messages", held)
    await page.fill("#answer", "economic reasons")
    await page.click("#send")
    await page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#reading')).opacity === '1'"
    )
    assert await page.locator("#send").is_disabled()
    await check(page, "48-chat-reading-en")
    release.set()
    await page.wait_for_function(
        "() => document.querySelector('#chat').innerText.includes('Noted')"
    )
    # htmx drops its request class once the swap has settled, a moment after the
    # reply shows: wait for the notice to go (it fails on time-out if it stays).
    await page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#reading')).opacity === '0'"
    )
