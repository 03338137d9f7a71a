"""``sanctionwatch extract`` and ``eval-claims``: claims from text."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from sanctionwatch.cli.app import DbOption, app, err, examples, open_store, out, print_error, print_json
from sanctionwatch.cli.tables import fields, table, whole
from sanctionwatch.errors import SanctionwatchError


@app.command(
    "extract",
    epilog=examples(
        "sanctionwatch extract article.txt page.html report.pdf",
        "sanctionwatch extract article.md --json --no-link",
        "cat article.txt | sanctionwatch extract - --json",
    ),
)
def extract_command(
    files: list[str] = typer.Argument(..., help="Documents (text, Markdown, HTML); - reads standard input."),
    as_json: bool = typer.Option(False, "--json", help="JSON: one object, or JSON Lines for several inputs."),
    backend: str = typer.Option(
        "rules", "--backend", help="rules (offline, default) or llm ($SANCTIONWATCH_LLM_URL)."
    ),
    link: bool = typer.Option(True, "--link/--no-link", help="Link named parties to the sanctions lists."),
    db: Path = DbOption,
) -> None:
    """Extract claims: who transfers what to whom, how certain, said by whom, breaching what."""
    from sanctionwatch.claims.documents import read_document
    from sanctionwatch.claims.entities import EntityLinker
    from sanctionwatch.claims.service import claims_document, extract_claims
    from sanctionwatch.screening.service import open_matcher

    linker = None
    if link:
        with open_store(db) as store:
            linker = EntityLinker(open_matcher(store))
    failed = False
    for path in files:
        try:
            document = read_document(path)
            result = claims_document(document.name, extract_claims(document, backend, linker))
        except SanctionwatchError as exc:
            print_error(str(exc))
            failed = True
            continue
        if as_json:
            text = json.dumps(result, ensure_ascii=False, indent=2 if len(files) == 1 else None)
            sys.stdout.write(text + "\n")
        else:
            render_claims(result)
    raise typer.Exit(2 if failed else 0)


def render_claims(result: dict[str, Any]) -> None:
    """Each claim as a list of fields (eight columns side by side do not fit 80 columns)."""
    if not result["claims"]:
        out.print(f"{result['document']}: no claims", markup=False, highlight=False)
        return
    out.print(f"{result['document']}: {len(result['claims'])} claim(s)", markup=False, highlight=False)
    for number, claim in enumerate(result["claims"], 1):
        listed = "; ".join(f"{e['caption']} ({', '.join(e['refs'][:2])})" for e in claim["entities"])
        confidence = "-" if claim.get("confidence") is None else f"{claim['confidence']:.2f}"
        out.print()
        out.print(
            fields(
                [
                    ("category", claim["category"]),
                    ("from", claim["supplier"] or "-"),
                    ("to", claim["recipient"] or "-"),
                    ("modality", claim["modality"]),
                    ("source", claim["source"] or "-"),
                    ("provisions", ", ".join(claim["provisions"]) or "none"),
                    ("confidence", confidence),
                    ("listed", listed),
                    ("sentence", claim["text"]),
                ],
                title=f"claim {number}",
            )
        )


@app.command(
    "eval-claims",
    epilog=examples(
        "sanctionwatch eval-claims corpus/claims/longform/test",
        "sanctionwatch eval-claims corpus/claims/test --json",
    ),
)
def eval_claims(
    folder: Path = typer.Argument(
        ..., help="Folder of documents, each NAME.txt with its NAME.json annotation."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extracted claims against annotations: precision, recall, F1, modality, provisions and
    source, for long-form articles (under a folder named longform) and snippets apart."""
    from sanctionwatch.claims.evaluate import evaluate

    result = evaluate(folder, progress=err.is_terminal).as_dict()
    if as_json:
        print_json(result)
        return
    out.print(
        f"{result['documents']} documents: precision {result['precision']}, recall {result['recall']},"
        f" F1 {result['f1']}, modality accuracy {result['modality_accuracy']},"
        f" provisions accuracy {result['provisions_accuracy']}, source accuracy {result['source_accuracy']},"
        f" {result['articles_per_second']} articles/s, {result['characters_per_second']} characters/s"
    )
    if len(result["sets"]) > 1:
        for name, scores in result["sets"].items():
            out.print(
                f"  {name}: {scores['documents']} documents, precision {scores['precision']}, recall"
                f" {scores['recall']}, F1 {scores['f1']}, modality accuracy {scores['modality_accuracy']},"
                f" source accuracy {scores['source_accuracy']}"
            )
    scores_table = table(whole("category"), "precision", "recall", "F1", "support")
    for name, scores in result["by_category"].items():
        scores_table.add_row(
            name, str(scores["precision"]), str(scores["recall"]), str(scores["f1"]), str(scores["support"])
        )
    out.print(scores_table)
