"""Opening the report in headless Debian Chromium, with every problem recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_page(browser: Any, path: Path, width: int = 1300) -> tuple[Any, list[str]]:
    """The page at ``path`` once its maps are drawn, and a list that collects console errors, page
    errors, dialogs and any request that leaves the machine."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            problems.append(f"network: {request.url}")
            if not request.url.startswith(("file:", "data:"))
            else None
        ),
    )
    page.goto(path.as_uri())
    page.wait_for_function("window.sanctionwatchMap !== undefined")
    return page, problems
