"""A caseworker's request for documents offers the upload at once (issue 21, item 8).

A building application arrives without its documents; the caseworker asks
for them; the applicant comes back to the chat and finds, under the
caseworker's question, the upload control with the missing documents to
choose from, and sends the site plan with the keyboard before answering
anything in words.
"""

from __future__ import annotations

import re

from guichet.accounts import AccountService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.web.conftest import queued_task
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    ARTIFACTS,
    Site,
    check,
    site,
    tab_to,
)
from tools.demo import Script, converse
from tools.demo_procedures import permit_answers

QUESTION = "Please send the site plan and the other plans of the project."


async def test_document_request_shows_the_upload_at_once(
    site: Site,  # noqa: F811  (the fixture imported above)
    accounts: AccountService,
) -> None:
    url, service = site.url, site.service
    answers = permit_answers(
        project="extension", area="30", urban="yes", monument="no", language="en"
    )
    case_id, _ = await converse(
        service, Script("permit", "en", answers), procedure="building_permit"
    )
    task = await queued_task(site.store, case_id)
    assert task.kind == "completeness"
    await service.claim(task.task_id, "pia")
    await service.decide(
        DecideInput(
            task_id=task.task_id, user="pia", outcome="request_documents", question=QUESTION
        )
    )
    view = await service.wait_for_status(case_id, CaseStatus.AWAITING_APPLICANT)

    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/continue?code={await accounts.new_resume_code(case_id)}")
    await page.goto(f"{url}/chat?lang=en")
    assert QUESTION in await page.locator("#chat").inner_text()
    # The upload is there at once, next to the text box, naming the document.
    assert await page.locator("#document").count() == 1
    assert "Site plan" in await page.locator('label[for="document"]').inner_text()
    await check(page, "47-chat-document-request-en")

    plan = ARTIFACTS / "requested-site-plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n% requested plan\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    await page.set_input_files("#document", str(plan))
    await tab_to(page, "#upload")
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('msg')"
    )
    view = await service.view(case_id)
    assert re.fullmatch(r"file:[0-9a-f]{64}", view.form["site_plan"])
    # The caseworker reads that the documents are coming; the next one is asked for.
    chat = await page.locator("#chat").inner_text()
    assert "I am sending the documents, first: Site plan." in chat
    assert view.question is not None and view.question.field == "cross_section"
    assert await page.locator("#document").count() == 1
    await check(page, "48-chat-document-request-uploaded-en")
    await applicant.close()
