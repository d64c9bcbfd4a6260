"""The served process's access log: the line uvicorn's own formatter writes, for every request."""

import logging

import httpx
from uvicorn.logging import AccessFormatter as UvicornAccessFormatter

from server.access_log import AccessFormatter, log_config
from tests.support.servers import servers


def access_record(*args: object) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None)


def test_the_line_is_uvicorns():
    uvicorn_line = UvicornAccessFormatter(
        fmt='%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False
    )
    for args in (
        ("127.0.0.1:50312", "PUT", "/api/v1/consultations/1/my-response", "1.1", 200),
        ("10.0.0.7:1", "GET", "/consultations?status=open&cursor=abc", "1.1", 404),
        ("[::1]:443", "POST", "/login", "1.0", 429),
        ("127.0.0.1:2", "GET", "/", "1.1", 299),  # no phrase
    ):
        assert AccessFormatter().format(access_record(*args)) == uvicorn_line.format(access_record(*args))
    server_error = AccessFormatter().format(access_record("127.0.0.1:2", "GET", "/", "1.1", 500))
    assert server_error == 'INFO:     127.0.0.1:2 - "GET / HTTP/1.1" 500 Internal Server Error'


def test_another_record_is_formatted_as_usual():
    record = logging.LogRecord("uvicorn.access", logging.WARNING, __file__, 1, "odd %s", ("one",), None)
    assert AccessFormatter("%(levelname)s %(message)s").format(record) == "WARNING odd one"
    assert log_config()["loggers"]["uvicorn.access"]["handlers"] == ["access"]


def test_the_served_process_logs_each_request(sqlite_url, tmp_path):
    with servers(sqlite_url, tmp_path / "served", 1) as (url,):
        assert httpx.get(f"{url}/consultations?status=open").status_code == 200
        assert httpx.get(f"{url}/nowhere").status_code == 404
    log = (tmp_path / "served" / "server0.log").read_text()
    assert '"GET /consultations?status=open HTTP/1.1" 200 OK' in log
    assert '"GET /nowhere HTTP/1.1" 404 Not Found' in log
    assert "INFO:     127.0.0.1:" in log
