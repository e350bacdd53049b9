from guichet.text import html_to_text


def test_inline_elements_keep_their_spaces() -> None:
    html = "<p>Kurzarbeitergeld ab <strong>März 2026</strong> gezahlt.</p>"
    assert html_to_text(html) == "Kurzarbeitergeld ab März 2026 gezahlt."


def test_definition_lists_and_styles() -> None:
    html = "<style>p{color:red}</style><dl><dt>Betriebsnummer</dt><dd>09912342</dd></dl>"
    assert html_to_text(html) == "Betriebsnummer: 09912342"


def test_list_items_are_bulleted() -> None:
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "• one\n\n• two"
