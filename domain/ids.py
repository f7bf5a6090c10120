"""Identities: users and articles get a UUID from the domain, comments an int from the store."""

from __future__ import annotations

import uuid
from typing import NewType

UserId = NewType("UserId", uuid.UUID)
ArticleId = NewType("ArticleId", uuid.UUID)
CommentId = NewType("CommentId", int)


def new_user_id() -> UserId:
    return UserId(uuid.uuid4())


def new_article_id() -> ArticleId:
    return ArticleId(uuid.uuid4())
