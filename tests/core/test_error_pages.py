from django.test import override_settings


@override_settings(DEBUG=False)
def test_unknown_address_gets_a_bilingual_404_page(client, db):
    zh = client.get("/no-such-edition/program/")
    en = client.get("/no-such-edition/program/", HTTP_ACCEPT_LANGUAGE="en")
    assert (zh.status_code, en.status_code) == (404, 404)
    assert "<h1>页面不存在</h1>" in zh.content.decode()
    assert "<h1>Page not found</h1>" in en.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "<h1>出错了</h1>" in html
    assert '<h1 lang="en">Something went wrong</h1>' in html


def test_ids_too_large_for_the_database_are_not_found_not_errors(client, edition):
    huge = "99999999999999999999"
    pages = [f"/2023/sessions/{huge}/", f"/manage/2023/program/sessions/{huge}/", f"/2023/charter/v{huge}/"]
    api = [f"/api/editions/2023/program/sessions/{huge}", f"/api/editions/2023/program/sessions?room={huge}"]
    assert [client.get(path).status_code for path in pages] == [404, 404, 404]
    assert [client.get(path).status_code for path in api] == [422, 422]
