"""The web app: server-rendered pages and a JSON API (OpenAPI at /docs) over one store.

Pages and API read the same dicts from ``dossier.web.reads``. Templates autoescape, and
article text reaches the page only through ``highlight``, which escapes every character.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from dossier import __version__
from dossier.store.db import Store, open_store
from dossier.store.search import search
from dossier.web import reads
from dossier.web.highlight import Layer, highlight

HERE = Path(__file__).parent
# The pages run only their own script file and styles: were anything to slip past escaping, or a stored
# link to point at javascript:, the browser would still refuse to run it. /docs (Swagger UI) is left out.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def is_web_url(url: object) -> bool:
    """Whether ``url`` is an http(s) address, the only kind a page makes a link of (a stored URL comes
    from the source: a JSONL dump or a page's metadata may say ``javascript:...``)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.startswith(("/docs", "/redoc", "/openapi"))


def check_since(value: str | None) -> str | None:
    """The ``since`` filter as YYYY-MM-DD, or None when empty; 422 for anything that is not a date (it would
    otherwise be compared as text with the published dates and silently match nothing)."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise HTTPException(422, f"since must be a date as YYYY-MM-DD, got {value!r}") from None


def _pieces(span: dict[str, Any] | None) -> list[tuple[int, int]]:
    if not span:
        return []
    return [tuple(p) for p in span.get("pieces") or [(span["start"], span["end"])]]


def document_layers(view: dict[str, Any]) -> list[Layer]:
    """The highlight layers of a document view: entities, attributions (content, cue, source), events."""
    names = view["actors"]
    layers: list[Layer] = []
    for e in view["entities"]:
        who = names.get(e["actor"] or "", {}).get("name") or e["actor"] or ""
        data = {"actor": e["actor"]} if e["actor"] else {}
        layers.append(Layer(e["start"], e["end"], ("ent", f"ent-{e['type']}"), title=f"{e['type']} {who}", data=data))
    for a in view["attributions"]:
        speaker = names.get(a["speaker"] or "", {}).get("name") or ("anonymous" if a["anonymous"] else "unresolved")
        tip = f"{a['kind']} · {speaker}"
        for i, (s, e) in enumerate(_pieces(a["content"])):
            anchor = f"att-{a['id']}" if i == 0 else None
            layers.append(
                Layer(
                    s, e, ("att", "att-content", f"kind-{a['kind']}"), anchor=anchor, title=tip, data={"att": a["id"]}
                )
            )
        for role in ("cue", "source"):
            for s, e in _pieces(a[role]):
                layers.append(Layer(s, e, ("att", f"att-{role}"), title=f"{role} · {tip}", data={"att": a["id"]}))
    for ev in view["events"]:
        for s, e in _pieces(ev["trigger"]):
            layers.append(Layer(s, e, ("event",), title=f"{ev['type']} {ev['date'] or ''}".strip()))
    return layers


def create_app(db: str | Store | None = None) -> FastAPI:
    """The app over the store at ``db`` (a URL or path; default: ``DOSSIER_DB`` or ./dossier.db)."""
    store = db if isinstance(db, Store) else open_store(db)
    # FastAPIOffline serves Swagger UI and ReDoc from its own package: FastAPI's load them from a CDN,
    # and /docs was blank without internet access.
    app = FastAPIOffline(
        title="Dossier",
        version=__version__,
        description="Who said what, about which issue, when.",
        favicon_url="/static/favicon.svg",
        redoc_url=None,  # ReDoc still fetches its logo from a CDN; /docs is the one API page
    )
    app.state.store = store
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["version"] = __version__
    templates.env.tests["web_url"] = is_web_url
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        response = templates.TemplateResponse(request, name, context, status_code=status_code)
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # A person following a dead link gets a page with the site around it; the API keeps its JSON errors.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return await http_exception_handler(request, exc)
        heading = "Not found" if exc.status_code == 404 else "Bad request" if exc.status_code < 500 else "Error"
        detail = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "There is no such page."
        return page(request, "error.html", status_code=exc.status_code, heading=heading, detail=str(detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return page(request, "error.html", status_code=422, heading="Bad request", detail=problems)

    # --- JSON API -------------------------------------------------------------------------
    @app.get("/api/stats")
    def api_stats() -> dict[str, Any]:
        return reads.overview(store, limit=0)["stats"]

    @app.get("/api/documents")
    def api_documents(
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0), lang: str = ""
    ) -> list[dict[str, Any]]:
        """Documents' metadata, the latest stored first; page with ``offset``, filter with ``lang``."""
        return reads.documents(store, limit=limit, offset=offset, language=lang or None)

    @app.get("/api/documents/{document_id}")
    def api_document(document_id: int) -> dict[str, Any]:
        view = reads.document(store, document_id)
        if view is None:
            raise HTTPException(404, f"no document {document_id}")
        return view

    @app.get("/api/search")
    def api_search(
        q: str = Query(..., min_length=1, max_length=500),
        lang: str | None = None,
        since: str | None = None,
        limit: int = Query(20, ge=1, le=200),
    ) -> list[dict[str, Any]]:
        hits = search(store, q, language=lang or None, since=check_since(since), limit=limit)
        return [h.to_json() for h in hits]

    @app.get("/api/actors/{actor_id}")
    def api_actor(actor_id: str) -> dict[str, Any]:
        view = reads.actor(store, actor_id)
        if view is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return view

    @app.get("/api/statements")
    def api_statements(
        speaker: str | None = None,
        document: int | None = None,
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:
        """Statements (one thing said by one speaker) with every report of them, origin first."""
        from dossier.resolve.statements import statements_for

        return statements_for(store, speaker=speaker, document_id=document, limit=limit, offset=offset)

    @app.get("/api/stories")
    def api_stories(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Stories (documents in any language that report one story), latest activity first: label, first
        and last published, languages, how many documents and statements, main actors."""
        return reads.stories(store, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: int) -> dict[str, Any]:
        """One story: its documents in publication order (the first report first, each with the link that
        joined it and why), main actors, and the statements its documents report, with their origins."""
        view = reads.story(store, story_id)
        if view is None:
            raise HTTPException(404, f"no story {story_id}")
        return view

    @app.get("/api/issues")
    def api_issues() -> dict[str, Any]:
        return reads.issues(store)

    @app.get("/api/timeline")
    def api_timeline() -> list[dict[str, Any]]:
        return reads.timeline(store)

    # --- pages ----------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", view=reads.overview(store))

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        request: Request, q: str = Query("", max_length=500), lang: str | None = None, since: str | None = None
    ) -> HTMLResponse:
        since = check_since(since)
        hits = search(store, q, language=lang or None, since=since, limit=50) if q.strip() else []
        rows = [
            {"hit": h, "snippet": highlight(h.snippet, [Layer(s, e, ("hit",)) for s, e in h.highlights])} for h in hits
        ]
        return page(request, "search.html", q=q, lang=lang or "", since=since or "", rows=rows)

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def document_page(request: Request, document_id: int) -> HTMLResponse:
        view = reads.document(store, document_id)
        if view is None:
            raise HTTPException(404, f"no document {document_id}")
        body = highlight(view["document"]["text"], document_layers(view))
        return page(request, "document.html", view=view, body=body)

    @app.get("/actors/{actor_id}", response_class=HTMLResponse)
    def actor_page(request: Request, actor_id: str) -> HTMLResponse:
        view = reads.actor(store, actor_id)
        if view is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return page(request, "actor.html", view=view)

    @app.get("/stories", response_class=HTMLResponse)
    def stories_page(request: Request) -> HTMLResponse:
        return page(request, "stories.html", stories=reads.stories(store, limit=500))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: int) -> HTMLResponse:
        view = reads.story(store, story_id)
        if view is None:
            raise HTTPException(404, f"no story {story_id}")
        return page(request, "story.html", view=view)

    @app.get("/issues", response_class=HTMLResponse)
    def issues_page(request: Request) -> HTMLResponse:
        return page(request, "issues.html", view=reads.issues(store))

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request) -> HTMLResponse:
        return page(request, "timeline.html", events=reads.timeline(store))

    return app
