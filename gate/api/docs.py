"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from assets on disk, so they render with no network.

The assets come from the ``fastapi-standalone-docs`` package (Swagger UI's bundle and CSS, ReDoc's
standalone build, each with its licence); only its files are used — its patching of FastAPI's globals
is not. ReDoc is served without Google Fonts.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_standalone_docs
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_standalone_docs.__file__).resolve().parent / "static"
PREFIX = "/docs-assets"


def install_docs(app: FastAPI) -> None:
    """Serve the two documentation pages and their assets (app built with ``docs_url=None, redoc_url=None``)."""
    for name in ("swagger", "redoc", "fastapi"):
        app.mount(f"{PREFIX}/{name}", StaticFiles(directory=ASSETS / name), name=f"docs-{name}")
    openapi = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=openapi, title=f"{app.title} — Swagger UI",
                                   swagger_js_url=f"{PREFIX}/swagger/swagger-ui-bundle.js",
                                   swagger_css_url=f"{PREFIX}/swagger/swagger-ui.css",
                                   swagger_favicon_url=f"{PREFIX}/fastapi/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=openapi, title=f"{app.title} — ReDoc",
                              redoc_js_url=f"{PREFIX}/redoc/redoc.standalone.js",
                              redoc_favicon_url=f"{PREFIX}/fastapi/favicon.png", with_google_fonts=False)
