from io import BytesIO

from openpyxl import Workbook, load_workbook

from ecoforum.core.workbooks import append_row


def test_append_row_keeps_formulas_as_text_and_drops_characters_excel_refuses():
    book = Workbook()
    sheet = book.active

    append_row(sheet, ['=HYPERLINK("http://x")', "生态\x07文明\ufffe\uffff", 3])
    buffer = BytesIO()
    book.save(buffer)

    row = [c.value for c in load_workbook(BytesIO(buffer.getvalue())).active[1]]
    assert row == ['=HYPERLINK("http://x")', "生态文明", 3]
    assert load_workbook(BytesIO(buffer.getvalue())).active["A1"].data_type == "s"
