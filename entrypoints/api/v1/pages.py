"""``GET /api/v1/problems/{name}``: what each problem ``type`` means and what a client should do,
so every ``type`` URI resolves."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request, status
from starlette.responses import HTMLResponse

from domain.errors import NotFound
from entrypoints.api.v1.document import problems
from entrypoints.api.v1.paths import PROBLEMS
from entrypoints.api.v1.problems import KINDS

router = APIRouter(prefix=PROBLEMS, tags=["Problems"])


def page(name: str) -> str:
    kind = KINDS[name]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(kind.title)}</title></head><body>"
        f"<h1>{escape(kind.title)} ({kind.status})</h1>"
        f"<p>{escape(kind.description)}</p>"
        f"<h2>What to do</h2><p>{escape(kind.remedy)}</p>"
        f"<p>Type: <code>{escape(PROBLEMS)}/{escape(name)}</code></p></body></html>"
    )


@router.get(
    "/{name}",
    response_class=HTMLResponse,
    status_code=status.HTTP_200_OK,
    response_description="A page describing the problem",
    summary="Describe a problem type",
    description="What a problem `type` means and what a client should do about it. Every "
    "`type` this API answers with resolves here.",
    operation_id="getProblemType",
    responses={
        404: problems(404)[404],
        200: {"content": {"text/html": {"example": page("not-found")}}},
    },
)
async def problem_type(request: Request, name: str) -> HTMLResponse:
    if name not in KINDS:
        raise NotFound("problem type", name)
    return HTMLResponse(page(name))
