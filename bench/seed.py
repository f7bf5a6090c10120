"""Seed the benchmark's standard dataset into its own database, through Quill's core.

    QUILL_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/quill_bench \\
        .venv/bin/python bench/seed.py [--if-needed] [--concurrency 32] [--processes 2]

The database (whose name must contain "bench") is dropped and created anew, migrated, then filled
with the plan from ``dataset.py``: users, follows, articles and the bench article's comments by
calling the same use cases as the API (register, follow, publish, comment) through the container;
the other 20,000 favorites and 9,980 comments through the persistence ports in batches
(``bulk.py``). ``--concurrency`` calls at once, spread over ``--processes`` processes (one per
CPU: the work is CPU-bound). A scripted clock gives every call the moment the plan names, so
created-at order never depends on scheduling. With ``--if-needed`` an intact dataset (right
schema, right counts, the bench user can log in) is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

import bulk
import uvloop
from dataset import (
    ARTICLES,
    BENCH_ARTICLE_COMMENTS,
    BENCH_ARTICLE_SLUG,
    BENCH_EMAIL,
    BENCH_PASSWORD,
    Plan,
    build_plan,
)
from dependency_injector import providers
from pgadmin import database_exists, recreate_database, vacuum

from application.articles import Articles, NewArticle
from application.comments import Comments
from application.ports import ArticleFilter, Persistence
from application.profiles import Profiles
from application.users import Registration, Users
from domain.errors import DomainError
from domain.ids import ArticleId, UserId
from domain.paging import PageRequest
from entrypoints.container import (
    build_container,
    close_container,
    open_container,
    pending_migrations,
    upgrade_database,
)
from entrypoints.settings import Settings

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/quill_bench"
_NOW: ContextVar[datetime | None] = ContextVar("seed_now", default=None)

STEP_FOLLOWS_ARTICLES = "follows and articles"
STEP_BENCH_COMMENTS = "the bench article's comments"
STEP_FAVORITES_COMMENTS = "favorites and comments"
# Set before the seeding processes fork, so they inherit it instead of rebuilding it.
_SHARED: dict[str, Any] = {}
_T = TypeVar("_T")
Job = tuple[datetime, Callable[[], Awaitable[object]]]


class ScriptedClock:
    """The moment the running seed step was planned for (each step runs in its own context)."""

    def now(self) -> datetime:
        moment = _NOW.get()
        if moment is None:
            raise RuntimeError("the seed clock was read outside a planned step")
        return moment


def bench_settings(url: str, *, concurrency: int, real_argon2: bool) -> Settings:
    """Seeding hashes passwords cheaply, except the bench user's (its logins are measured)."""
    cost = {} if real_argon2 else {"argon2_time_cost": 1, "argon2_memory_kib": 8192}
    return Settings(database_url=url, db_pool_size=concurrency, db_max_overflow=0, **cost)  # type: ignore[arg-type]


async def run_jobs(jobs: Sequence[Job], concurrency: int) -> list[object]:
    """Run every job at its planned moment, ``concurrency`` at once; results in job order."""
    results: list[object] = [None] * len(jobs)
    queue = iter(enumerate(jobs))

    async def worker() -> None:
        for index, (moment, job) in queue:
            _NOW.set(moment)
            results[index] = await job()

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(jobs)))))
    return results


async def intact(url: str) -> str | None:
    """``None`` when the dataset is there untouched, else why it is not."""
    if not await database_exists(url):
        return "the database does not exist"
    if await pending_migrations(bench_settings(url, concurrency=1, real_argon2=True)):
        return "the schema is not at the newest migration"
    async with opened(url, 2, real_argon2=True, scripted=False) as (
        users,
        _,
        articles,
        comments,
        _,
    ):
        try:
            page = await articles.search(ArticleFilter(), PageRequest(limit=1), None)
            if page.total != ARTICLES:
                return f"{page.total} articles instead of {ARTICLES} (a run published some)"
            found = await comments.of_article(BENCH_ARTICLE_SLUG, None)
            if len(found) != BENCH_ARTICLE_COMMENTS:
                return f"{BENCH_ARTICLE_SLUG} has {len(found)} comments"
            await users.login(email=BENCH_EMAIL, password=BENCH_PASSWORD)
        except DomainError as problem:
            return f"{type(problem).__name__}: {problem}"
    return None


async def _fill_in_bulk(
    persistence: Persistence, plan: Plan, shard: int, shards: int, concurrency: int
) -> None:
    """This shard's share of the favorites and of the comments (but the bench article's first
    ones, already written), a unit of work per batch (see ``bulk.py``)."""
    ids: list[UserId] = _SHARED["ids"]
    article_ids: list[ArticleId] = _SHARED["article_ids"]
    favorites = [bulk.Favorite(ids[f.user], article_ids[f.target], f.at) for f in plan.favorites]
    comments = [
        bulk.Comment(ids[c.user], article_ids[c.target], c.body, c.at)
        for c in plan.comments[BENCH_ARTICLE_COMMENTS:]
    ]
    work: list[Callable[[], Awaitable[object]]] = [
        *(_bind(bulk.favorites, persistence, rows) for rows in bulk.batches(favorites)),
        *(_bind(bulk.comments, persistence, rows) for rows in bulk.batches(comments)),
    ]
    mine = iter(work[shard::shards])

    async def worker() -> None:
        for write in mine:
            await write()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _article_ids(url: str, plan: Plan) -> list[ArticleId]:
    """Every planned article's id, in plan order (the use cases answer with views, not ids)."""
    async with opened(url, 1) as (_, _, _, _, persistence), persistence.unit_of_work() as uow:
        found = [await uow.articles.id_by_slug(a.slug) for a in plan.articles]
    missing = [a.slug for a, i in zip(plan.articles, found, strict=True) if i is None]
    if missing:
        raise RuntimeError(f"{len(missing)} planned articles are missing, e.g. {missing[0]!r}")
    return [i for i in found if i is not None]


async def prepare(url: str, plan: Plan, concurrency: int) -> list[UserId]:
    """A fresh, migrated database with every planned user registered; their ids in plan order."""
    await recreate_database(url)
    await upgrade_database(bench_settings(url, concurrency=1, real_argon2=True))
    # The bench user's password gets the service's real argon2 cost: its logins are measured.
    async with opened(url, 1, real_argon2=True) as (users, _, _, _, _):
        ids = await run_jobs([_register(users, plan, 0)], 1)
    async with opened(url, concurrency) as (users, _, _, _, _):
        jobs = [_register(users, plan, i) for i in range(1, len(plan.users))]
        ids += await run_jobs(jobs, concurrency)
    return ids  # type: ignore[return-value]


@asynccontextmanager
async def opened(
    url: str, concurrency: int, *, real_argon2: bool = False, scripted: bool = True
) -> AsyncIterator[tuple[Users, Profiles, Articles, Comments, Persistence]]:
    """The use cases of a container (with the scripted clock for seeding) and its persistence,
    resources open."""
    settings = bench_settings(url, concurrency=concurrency, real_argon2=real_argon2)
    container = build_container(settings)
    if scripted:
        container.clock.override(providers.Singleton(ScriptedClock))
    await open_container(container)
    try:
        yield (
            container.users(),
            container.profiles(),
            container.articles(),
            container.comments(),
            container.persistence(),
        )
    finally:
        await close_container(container)


def _register(users: Users, plan: Plan, i: int) -> Job:
    """Register planned user ``i``; the job returns the new user's id (read from its token)."""
    u = plan.users[i]
    command = Registration(username=u.username, email=u.email, password=u.password)

    async def job() -> UserId:
        return users.authenticate((await users.register(command)).token)

    return u.at, job


async def fill(url: str, step: str, shard: int, shards: int, concurrency: int) -> None:
    """Run this shard's share (every ``shards``-th job) of one step of the plan."""
    plan, ids = _SHARED["plan"], _SHARED["ids"]
    names = [u.username for u in plan.users]
    slugs = [a.slug for a in plan.articles]
    async with opened(url, concurrency) as (_, profiles, articles, comments, persistence):

        def publish(i: int) -> Job:
            a = plan.articles[i]
            command = NewArticle(title=a.title, description=a.description, body=a.body, tags=a.tags)

            async def job() -> None:
                view = await articles.create(ids[a.author], command)
                if view.slug != a.slug:
                    raise RuntimeError(f"slug {view.slug!r} instead of {a.slug!r}: not empty?")

            return a.at, job

        jobs: list[Job] = []
        if step == STEP_FOLLOWS_ARTICLES:
            jobs += [
                (f.at, _bind(profiles.follow, ids[f.user], names[f.target])) for f in plan.follows
            ]
            jobs += [publish(i) for i in range(len(plan.articles))]
        elif (
            step == STEP_BENCH_COMMENTS
        ):  # one at a time, before the others: the same ids every run
            jobs += [
                (c.at, _bind(comments.add, slugs[c.target], ids[c.user], c.body))
                for c in plan.comments[:BENCH_ARTICLE_COMMENTS]
            ]
        else:
            await _fill_in_bulk(persistence, plan, shard, shards, concurrency)
            return
        await run_jobs(jobs[shard::shards], concurrency)


def _fill_shard(url: str, step: str, shard: int, shards: int, concurrency: int) -> None:
    uvloop.run(fill(url, step, shard, shards, concurrency))


def run_step(url: str, step: str, processes: int, concurrency: int) -> None:
    """One step in ``processes`` forked processes (they inherit the plan and the user ids)."""
    if processes == 1 or step == STEP_BENCH_COMMENTS:
        _fill_shard(url, step, 0, 1, concurrency if step != STEP_BENCH_COMMENTS else 1)
        return
    per_process = max(1, concurrency // processes)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        shards = [
            pool.submit(_fill_shard, url, step, shard, processes, per_process)
            for shard in range(processes)
        ]
        for done in shards:
            done.result()


def _bind(call: Callable[..., Awaitable[object]], *args: object) -> Callable[[], Awaitable[object]]:
    return lambda: call(*args)


def _report(what: str, started: float) -> None:
    print(f"  {time.perf_counter() - started:6.1f} s  {what}", flush=True)


def seed(url: str, concurrency: int, processes: int) -> None:
    started = time.perf_counter()
    plan = _SHARED["plan"] = build_plan()
    _report("plan built", started)
    _SHARED["ids"] = uvloop.run(prepare(url, plan, concurrency))
    _report(f"database created and migrated, {len(plan.users)} users registered", started)
    run_step(url, STEP_FOLLOWS_ARTICLES, processes, concurrency)
    _report(f"{len(plan.follows)} follows, {len(plan.articles)} articles", started)
    _SHARED["article_ids"] = uvloop.run(_article_ids(url, plan))
    _report("article ids looked up", started)
    run_step(url, STEP_BENCH_COMMENTS, processes, concurrency)
    run_step(url, STEP_FAVORITES_COMMENTS, processes, concurrency)
    _report(f"{len(plan.favorites)} favorites, {len(plan.comments)} comments", started)
    uvloop.run(vacuum(url))
    _report("vacuumed and analyzed", started)
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--if-needed", action="store_true", help="keep an intact dataset")
    parser.add_argument("--concurrency", type=int, default=32, help="use cases run at once")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="seeding processes"
    )
    args = parser.parse_args()
    url = os.environ.get("QUILL_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql+asyncpg://"):
        sys.exit("bench/seed.py seeds PostgreSQL only (QUILL_DATABASE_URL=postgresql+asyncpg://…)")
    if args.if_needed:
        reason = uvloop.run(intact(url))
        if reason is None:
            print("bench dataset is intact: not reseeding")
            return
        print(f"reseeding: {reason}")
    seed(url, args.concurrency, args.processes)


if __name__ == "__main__":
    main()
