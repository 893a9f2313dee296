"""One ASGI middleware for the app's safety rules, so no route can forget them.

- Every response gets a strict Content-Security-Policy (no inline code at all, scripts and styles
  only from our own /static) plus nosniff, no-referrer and no framing.
- Request bodies are capped before they are read (Content-Length, then a running count for
  chunked uploads), so a 2 GB upload is refused with a 413 instead of filling the disk.
- POSTs from another site are refused: the server listens on localhost, and any web page the user
  visits could otherwise submit a form to it.
- When allowed hosts are given (as `ficlens serve` does), other Host headers are refused, which
  stops DNS-rebinding pages from reading the library.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
log = logging.getLogger("ficlens.web")
#: Page renderer for refusals: (status, title, message) -> HTML.
ErrorPage = Callable[[int, str, str], str]


class TooLarge(Exception):
    pass


class Guard:
    def __init__(self, app: ASGIApp, error_page: ErrorPage, max_body: int, allowed_hosts: list[str] | None):
        self.app, self.error_page, self.max_body = app, error_page, max_body
        self.allowed_hosts = {h.casefold() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").casefold(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refuse(scope, headers)
        if refusal:
            await self._page(send, *refusal)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(HEADERS)]
                message = {**message, "headers": kept + HEADERS}
            await send(message)

        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except TooLarge:
            if started:
                raise
            await self._page(send, *self._too_large())
        except Exception:  # a crash still gets a page with the safety headers
            log.exception("error while serving %s", scope.get("path"))
            if started:
                raise
            await self._page(send, 500, "Something went wrong", "ficlens hit an internal error; the log has details.")

    def _refuse(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, str] | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and _hostname(host) not in self.allowed_hosts:
            return 400, "Unknown host", "This server only answers on the address it was started on."
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin") or headers.get("referer")
            cross = headers.get("sec-fetch-site") == "cross-site"
            if cross or (origin and origin != "null" and urlsplit(origin).netloc.casefold() != host.casefold()):
                return 403, "Refused", "Forms may only be sent from this ficlens page itself."
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return self._too_large()
        return None

    def _too_large(self) -> tuple[int, str, str]:
        mb = self.max_body // (1024 * 1024)
        return 413, "File too large", f"ficlens accepts uploads of at most {mb} MB. Try a smaller file."

    async def _page(self, send: Send, status: int, title: str, message: str) -> None:
        body = self.error_page(status, title, message).encode()
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *HEADERS,
            ],
        })
        await send({"type": "http.response.body", "body": body})


def _hostname(host: str) -> str:
    host = host.casefold()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host
