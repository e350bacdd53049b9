"""A long conversation in the browser keeps its beginning (issue 21 item 10).

Thirty turns (90 entries, past the 60 the workflow state used to keep): the
chat shows the newest messages with a "Show earlier messages" link, which
leads back page by page to the greeting and the first question; each page
has zero axe violations, and the way back leads to the answer field.
"""

from __future__ import annotations

from tests.web.conftest import script
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    case_id_on,
    check,
    site,
)

TURNS = 30


async def test_the_chat_pages_back_to_the_first_question(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{site.url}/?lang=en")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    case_id = await case_id_on(page)
    view = await site.service.view(case_id)
    assert view.question is not None
    first_question = view.question.text.split("\n")[0]
    answers = script(1)
    for turn in range(TURNS):
        assert view.question is not None
        if view.question.field == "_review":
            await site.service.send(
                case_id, f"The roof leaks, so we stopped (edit {turn})", field="cause_description"
            )
        else:
            await site.service.send(case_id, answers.answer(view.question.field))
        view = await site.service.view(case_id)

    await page.goto(f"{site.url}/chat")
    chat = page.locator("#chat")
    assert "(edit 29)" in await chat.inner_text()
    assert first_question not in await page.locator("ol.messages").inner_text()
    assert "Hello! I will help you" not in await chat.inner_text()
    await check(page, "60-chat-newest-en")
    clicks = 0
    while await page.locator("#earlier-messages").count():
        await page.click("#earlier-messages")
        await page.wait_for_url("**/chat?before=*")
        clicks += 1
        assert await page.locator("#answer").count() == 0
        await check(page, f"61-chat-earlier-{clicks}-en")
        assert clicks < 5
    assert clicks == 2, "90 entries: the newest 40, then 40, then the first 10"
    beginning = await page.locator("ol.messages").inner_text()
    assert "Hello! I will help you" in beginning and first_question in beginning
    await page.click("#latest-messages")
    await page.wait_for_url("**/chat#answer")
    assert await page.locator("#answer").count() == 1
    await applicant.close()
