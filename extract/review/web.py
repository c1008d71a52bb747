"""The review web page: FastAPI + Jinja2, server-rendered, a few keyboard shortcuts.

``/`` the queue by priority, ``/next`` leases the next item, ``/item/ID`` shows it (page
image or source lines with the span marked, value, raw text, link candidates) with accept,
correct (value and footnote references; a missing field is created), remove (a value that
should not be there) and skip, each going straight to the next item; ``/doc/ID`` the whole filing
coloured by confidence, with its corrected JSON/XML/CSV exports.

Safety: Jinja2 autoescaping on every template (nothing is marked safe), SQL only through
the store's parameterised statements, a strict Content-Security-Policy (scripts and styles
from this server only), forms carry a double-submit CSRF token, cookies are SameSite=Strict
and HttpOnly. With a ``token`` every request must present it (``?token=`` once, then a
cookie, or ``Authorization: Bearer``); ``serve`` refuses non-loopback hosts without one.

A reviewer is named by ``/?reviewer=NAME`` (letters, digits, ``._@-``), else given a random
name; the name is kept in a cookie, holds the leases and is recorded with every decision.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from extract.errors import ExtractError
from extract.review.corrections import leaf_value_type
from extract.review.errors import LeaseError, ReviewError
from extract.review.pageview import crop_page_png, is_pdf, source_excerpt
from extract.review.store import ReviewStore

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
REVIEWER_COOKIE = "sec16_reviewer"
CSRF_COOKIE = "sec16_csrf"
TOKEN_COOKIE = "sec16_token"
_CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_STATIC = {"review.css": "text/css", "review.js": "text/javascript"}
_EXPORT_TYPES = {"json": "application/json", "xml": "application/xml", "csv": "text/csv"}


def _confidence_class(confidence: float | None) -> str:
    if confidence is None:
        return "c-none"
    if confidence >= 0.95:
        return "c-high"
    if confidence >= 0.8:
        return "c-mid"
    if confidence >= 0.5:
        return "c-low"
    return "c-bad"


def _footnote_ids(store: ReviewStore, doc_id: int, path: str) -> tuple[str, ...]:
    """The footnote references at the item's field now (none for a missing field)."""
    from extract.review.corrections import get_leaf

    filing = store.result(doc_id).filing
    if filing is None or not path:
        return ()
    try:
        leaf = get_leaf(filing, path)
    except ReviewError:
        return ()
    return leaf.footnote_ids if leaf is not None else ()


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
    )
    env.filters["confclass"] = _confidence_class
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    return env


def create_app(
    db: str | Path,
    token: str | None = None,
    *,
    registry: str | None = None,
    store: ReviewStore | None = None,
) -> FastAPI:
    """The review app over the store at ``db`` (or the given ``store``)."""
    if store is None:
        hook = None
        if registry:
            from extract.linking.registry import Registry

            reg = Registry(registry)

            def hook(cik: str, name: str) -> None:
                reg.add_alias(cik, name, source="review")

        store = ReviewStore(db, on_link_confirmed=hook)
    review_store = store
    env = _environment()
    app = FastAPI(title="sec16 review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = review_store

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if token is not None:
            given = (request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)
                     or request.headers.get("authorization", "").removeprefix("Bearer "))
            if not given or not secrets.compare_digest(given, token):
                return PlainTextResponse("E607 a token is required: open /?token=...",
                                         status_code=401)
        reviewer = request.cookies.get(REVIEWER_COOKIE)
        named = request.query_params.get("reviewer")
        if named is not None and _NAME.fullmatch(named) and named != reviewer:
            reviewer = None  # set the cookie below
            request.state.reviewer = named
        else:
            request.state.reviewer = reviewer or f"reviewer-{secrets.token_hex(4)}"
        csrf = request.cookies.get(CSRF_COOKIE)
        request.state.csrf = csrf or secrets.token_urlsafe(16)
        response: Response = await call_next(request)
        cookie = {"httponly": True, "samesite": "strict", "path": "/"}
        if reviewer is None:
            response.set_cookie(REVIEWER_COOKIE, request.state.reviewer,
                                max_age=30 * 86400, **cookie)  # type: ignore[arg-type]
        if csrf is None:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, **cookie)  # type: ignore[arg-type]
        if token is not None and request.cookies.get(TOKEN_COOKIE) != token:
            response.set_cookie(TOKEN_COOKIE, token, **cookie)  # type: ignore[arg-type]
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(
            reviewer=request.state.reviewer, csrf=request.state.csrf, **context
        )
        return HTMLResponse(html, status_code=status)

    def forged(request: Request, csrf: str) -> Response | None:
        """403 unless the form's token matches the cookie (double-submit CSRF check)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        if cookie and csrf and secrets.compare_digest(csrf, cookie):
            return None
        return PlainTextResponse("E608 stale or missing form token: reload the page",
                                 status_code=403)

    def message(request: Request, text: str, status: int) -> HTMLResponse:
        return page(request, "message.html", status=status, message=text)

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, note: str | None = None) -> HTMLResponse:
        items = review_store.items(state="pending", limit=500)
        return page(request, "queue.html", items=items, counts=review_store.counts(),
                    documents=review_store.documents(), note=note)

    @app.get("/next")
    def next_item(request: Request) -> Response:
        item = review_store.lease_next(request.state.reviewer)
        if item is None:
            return RedirectResponse("/?note=empty", status_code=303)
        return RedirectResponse(f"/item/{item.id}", status_code=303)

    def item_page(request: Request, item_id: int, *, error: str | None = None,
                  status: int = 200) -> HTMLResponse:
        try:
            item = review_store.lease(item_id, request.state.reviewer)
        except LeaseError as exc:
            return message(request, str(exc), 409)
        except ReviewError as exc:
            return message(request, str(exc), 404)
        source = review_store.source(item.document_id)
        pdf = is_pdf(source)
        lines = [] if pdf else source_excerpt(source, bbox=item.bbox, source=item.source,
                                              raw=item.raw, value=item.value)
        try:
            path_is_leaf = bool(item.path) and leaf_value_type(item.path) is not None
        except ReviewError:
            path_is_leaf = False
        notes = ", ".join(_footnote_ids(review_store, item.document_id, item.path))
        return page(request, "item.html", status=status, item=item, lines=lines, pdf=pdf,
                    error=error, counts=review_store.counts(), path_is_leaf=path_is_leaf,
                    footnotes=notes)

    @app.get("/item/{item_id}", response_class=HTMLResponse)
    def show_item(request: Request, item_id: int) -> HTMLResponse:
        return item_page(request, item_id)

    @app.post("/item/{item_id}/accept")
    def accept(request: Request, item_id: int, candidate: str = Form(""),
               comment: str = Form(""), csrf: str = Form("")) -> Response:
        if (refused := forged(request, csrf)) is not None:
            return refused
        try:
            review_store.accept(item_id, request.state.reviewer, comment=comment or None,
                                candidate_cik=candidate or None)
        except LeaseError as exc:
            return message(request, str(exc), 409)
        except ReviewError as exc:
            return item_page(request, item_id, error=str(exc), status=400)
        return RedirectResponse("/next", status_code=303)

    @app.post("/item/{item_id}/correct")
    def correct(request: Request, item_id: int, value: str = Form(""), path: str = Form(""),
                footnotes: str | None = Form(None), clear: str = Form(""),
                comment: str = Form(""), csrf: str = Form("")) -> Response:
        if (refused := forged(request, csrf)) is not None:
            return refused
        try:
            review_store.correct(item_id, request.state.reviewer, value,
                                 comment=comment or None, path=path or None,
                                 footnote_ids=footnotes, clear=bool(clear))
        except LeaseError as exc:
            return message(request, str(exc), 409)
        except ReviewError as exc:
            return item_page(request, item_id, error=str(exc), status=400)
        return RedirectResponse("/next", status_code=303)

    @app.post("/item/{item_id}/skip")
    def skip(request: Request, item_id: int, csrf: str = Form("")) -> Response:
        if (refused := forged(request, csrf)) is not None:
            return refused
        review_store.skip(item_id, request.state.reviewer)
        return RedirectResponse("/next", status_code=303)

    @app.get("/item/{item_id}/page.png")
    def item_image(request: Request, item_id: int) -> Response:
        try:
            item = review_store.item(item_id)
        except ReviewError as exc:
            return message(request, str(exc), 404)
        source = review_store.source(item.document_id)
        if not is_pdf(source):
            return message(request, "no page image for this source", 404)
        assert source is not None
        png = crop_page_png(source, item.page or 1, item.bbox)
        return Response(png, media_type="image/png")

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: int) -> HTMLResponse:
        try:
            summary = review_store.document(doc_id)
        except ReviewError as exc:
            return message(request, str(exc), 404)
        items = {i.path: i for i in review_store.items(document_id=doc_id)}
        return page(request, "document.html", doc=summary, fields=review_store.fields(doc_id),
                    items=items, corrections=review_store.corrections(doc_id))

    @app.get("/doc/{doc_id}/export.{fmt}")
    def export(request: Request, doc_id: int, fmt: str) -> Response:
        from extract.review.exporting import export_results

        if fmt not in _EXPORT_TYPES:
            return message(request, f"no export format {fmt!r}; use json, xml or csv", 404)
        results = review_store.results([doc_id])
        if not results:
            return message(request, f"no document {doc_id}", 404)
        return Response(export_results(results, fmt), media_type=_EXPORT_TYPES[fmt])

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in _STATIC:
            return PlainTextResponse("not found", status_code=404)
        return Response((TEMPLATES / name).read_text(), media_type=_STATIC[name])

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, **review_store.counts()}

    @app.exception_handler(ExtractError)
    def coded(request: Request, exc: ExtractError) -> Response:
        return PlainTextResponse(str(exc), status_code=400)

    return app
