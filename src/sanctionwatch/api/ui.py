"""The web UI: server-rendered pages for screening, incidents (the report) and claims."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sanctionwatch.api.routes import service
from sanctionwatch.api.security import ApiError, read_access
from sanctionwatch.api.service import Service
from sanctionwatch.claims.model import CATEGORIES
from sanctionwatch.errors import SanctionwatchError
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD
from sanctionwatch.screening.query import make_query

TEMPLATES = Path(str(resources.files("sanctionwatch") / "data" / "api"))
environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def page(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment.get_template(name).render(**context))


def register(app: FastAPI) -> None:
    """The UI pages, with the API's service and read guard as dependencies."""
    guard = [Depends(read_access)]

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/screen")

    @app.get("/ui/screen", response_class=HTMLResponse, dependencies=guard, include_in_schema=False)
    def screen_page(
        name: str = Query("", max_length=300),
        type: str = Query("any", max_length=20),
        imo: str = Query("", max_length=30),
        dob: str = Query("", max_length=10),
        country: str = Query("", max_length=60),
        svc: Service = Depends(service),
    ) -> HTMLResponse:
        query = {"name": name, "type": type, "imo": imo, "dob": dob, "country": country}
        searched = bool(name.strip() or imo.strip())
        matches, problem = [], None
        if searched:
            try:
                matches = [m.as_dict() for m in svc.matcher.screen(make_query(name, type, imo, dob, country))]
            except SanctionwatchError as exc:
                problem, searched = str(exc), False
        return page(
            "screen.html",
            page="screen",
            query=query,
            matches=matches,
            searched=searched,
            error=problem,
            threshold=DEFAULT_THRESHOLD,
        )

    @app.get("/ui/incidents", response_class=HTMLResponse, dependencies=guard, include_in_schema=False)
    def incidents_page(svc: Service = Depends(service)) -> HTMLResponse:
        from sanctionwatch.report.html import render

        try:
            data = svc.run_data()
        except ApiError:
            return page("claims.html", page="incidents", documents=[], categories=CATEGORIES, category="")
        return HTMLResponse(render(data).replace("<body>", "<body>" + _NAV, 1))

    @app.get("/ui/claims", response_class=HTMLResponse, dependencies=guard, include_in_schema=False)
    def claims_page(
        category: str = Query("", max_length=40), svc: Service = Depends(service)
    ) -> HTMLResponse:
        try:
            documents = svc.run_data()["documents"]
        except ApiError:
            documents = []
        if category:
            documents = [
                {**d, "claims": [c for c in d["claims"] if c["category"] == category]} for d in documents
            ]
            documents = [d for d in documents if d["claims"]]
        return page(
            "claims.html", page="claims", documents=documents, categories=CATEGORIES, category=category
        )


_LINK = '<a style="color:#fff;margin-right:20px;font-weight:600" href="{}">{}</a>'
_NAV = (
    '<nav style="background:#111827;padding:10px 24px">'
    + "".join(
        _LINK.format(href, text)
        for href, text in (
            ("/ui/screen", "Screening"),
            ("/ui/incidents", "Incidents"),
            ("/ui/claims", "Claims"),
        )
    )
    + "</nav>"
)
