"""``dossier stories``: documents in any language that report one story, and why they were joined."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from dossier.cli import app
from dossier.cli.ingest import DbOpt, JsonOpt, fail, open_db
from dossier.cli.resolve import refresh


def _json_line(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@app.command("stories")
def stories_command(
    story_id: Annotated[
        int | None, typer.Argument(help="Show this story: its documents in order and what joined them.")
    ] = None,
    db: DbOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many stories.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List stories, latest activity first: id, label, first and last date, languages, documents, statements.
    With a STORY_ID, that story's documents in publication order (the first report first) and the evidence
    that joined each. With --json, one object a line (a story's full view for STORY_ID)."""
    from dossier.resolve.stories import list_stories, story

    store = open_db(db, must_exist=True)
    try:
        refresh(store)
        if story_id is not None:
            view = story(store, story_id)
            if view is None:
                fail(f"no story {story_id} in the store", code=1)
        else:
            rows = list_stories(store, limit=limit)
    finally:
        store.close()
    if story_id is not None:
        _show(view) if not as_json else _json_line(view)
        return
    if as_json:
        for row in rows:
            _json_line(row)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Stories (latest first)")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("label", overflow="fold", ratio=3)
    table.add_column("first", no_wrap=True)
    table.add_column("last", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("docs", justify="right", no_wrap=True)
    table.add_column("statements", justify="right", no_wrap=True)
    table.add_column("main actors", overflow="fold", ratio=2)
    for row in rows:
        table.add_row(
            str(row["id"]),
            Text(row["label"]),  # Text: brackets in titles are shown, not read as markup
            (row["first_published"] or "")[:10],
            (row["last_published"] or "")[:10],
            ",".join(row["languages"]),
            str(row["documents"]),
            str(row["statements"]),
            Text(", ".join(a["name"] for a in row["actors"][:3])),
        )
    table.caption = f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}; `dossier stories ID` shows one"
    Console().print(table)


def _show(view: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    s = view["story"]
    console = Console()
    console.print(Text(f"{s['label']}", style="bold"))
    span = s["first_published"] or "undated"
    if s["last_published"] and s["last_published"] != s["first_published"]:
        span += f" – {s['last_published']}"
    console.print(
        f"{span} · {', '.join(s['languages'])} · {s['documents']} documents · {s['statements']} statements",
        markup=False,
    )
    console.print(Text("main actors: " + ", ".join(f"{a['name']} ({a['documents']})" for a in view["actors"])))
    table = Table(title="Documents (publication order)")
    for name in ("#", "doc", "lang", "published", "outlet"):
        table.add_column(name, no_wrap=True)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("joined through", overflow="fold", ratio=2)
    for d in view["documents"]:
        joined = "first report" if d["first"] else f"#{d['linked_to']} ({d['weight']:.2f}): "
        joined += "; ".join(r["text"] for r in d["reasons"])
        table.add_row(
            str(d["position"] + 1),
            str(d["id"]),
            d["language"] or "",
            (d["published"] or "")[:10],
            Text(d["outlet"] or ""),
            Text(d["title"] or d["url"] or d["path"] or ""),
            Text(joined),
        )
    console.print(table)
