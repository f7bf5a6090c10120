"""Small steps the contract tests share: store test data through the ports, each step in its own
committed unit of work, and read pages back in a form that is easy to compare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from application.articles import Articles
from application.comments import Comments
from application.ports import Persistence
from application.profiles import Profiles
from application.views import ArticlePage
from domain.articles import Article
from domain.comments import Comment, CommentBody, NewComment
from domain.users import User
from tests.factories import CLOCK, a_user, an_article


async def stored_user(
    db: Persistence, *, username: str | None = None, email: str | None = None
) -> User:
    user = a_user(username=username, email=email)
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user


async def stored_users(db: Persistence, count: int) -> list[User]:
    users = [a_user() for _ in range(count)]
    async with db.unit_of_work() as uow:
        for user in users:
            await uow.users.add(user)
        await uow.commit()
    return users


async def stored_article(
    db: Persistence,
    author: User,
    *,
    title: str | None = None,
    tags: Sequence[str] = (),
    now: datetime | None = None,
) -> Article:
    article = an_article(author_id=author.id, title=title, tags=tags, now=now)
    async with db.unit_of_work() as uow:
        await uow.articles.add(article)
        await uow.commit()
    return article


async def stored_comment(
    db: Persistence, article: Article, author: User, body: str = "Nice one."
) -> Comment:
    async with db.unit_of_work() as uow:
        comment = await uow.comments.add(
            NewComment(
                article_id=article.id,
                author_id=author.id,
                body=CommentBody(body),
                created_at=CLOCK.now(),
            )
        )
        await uow.commit()
    return comment


async def follow(db: Persistence, follower: User, followee: User) -> None:
    async with db.unit_of_work() as uow:
        assert await uow.follows.add(follower.id, followee.id)
        await uow.commit()


async def favorite(db: Persistence, user: User, article: Article) -> None:
    async with db.unit_of_work() as uow:
        assert await uow.favorites.add(user.id, article.id)
        await uow.commit()


def slugs(page: ArticlePage) -> list[str]:
    return [article.slug for article in page.articles]


def articles_use_case(db: Persistence) -> Articles:
    return Articles(uow=db.unit_of_work, reads=db.reads, clock=CLOCK)


def comments_use_case(db: Persistence) -> Comments:
    return Comments(uow=db.unit_of_work, reads=db.reads, clock=CLOCK)


def profiles_use_case(db: Persistence) -> Profiles:
    return Profiles(uow=db.unit_of_work, reads=db.reads, clock=CLOCK)
