"""The floor's statements: one per request, on Quill's own tables, shaped by PostgreSQL.

Timestamps are formatted by the database as RFC 3339 UTC with milliseconds (truncated) and ``Z``;
tags come back as an array in code point order (Quill's /api lists them alphabetically); counts,
``favorited`` and ``following`` are computed in the same statement. ``$1`` is the viewer's id, or
NULL for an anonymous request (every EXISTS on it is then false).
"""

from __future__ import annotations


def _stamp(column: str) -> str:
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""


_ARTICLE_COLUMNS = f"""
    a.slug, a.title, a.description,
    {_stamp("a.created_at")} AS created_at, {_stamp("a.updated_at")} AS updated_at,
    ARRAY(
        SELECT t.tag FROM article_tag t WHERE t.article_id = a.id ORDER BY t.tag COLLATE "C"
    ) AS tags,
    (SELECT count(*) FROM article_favorite f WHERE f.article_id = a.id) AS favorites_count,
    EXISTS(
        SELECT 1 FROM article_favorite f WHERE f.article_id = a.id AND f.user_id = $1
    ) AS favorited,
    u.username, u.bio, u.image,
    EXISTS(
        SELECT 1 FROM user_follow uf WHERE uf.follower_id = $1 AND uf.followee_id = a.author_id
    ) AS following
"""

# $1 viewer (or NULL), $2 limit, $3 offset. ``total`` is an init plan: counted once per statement.
LIST = f"""
SELECT {_ARTICLE_COLUMNS}, (SELECT count(*) FROM article) AS total
FROM article a JOIN user_account u ON u.id = a.author_id
ORDER BY a.created_at DESC, a.id DESC
LIMIT $2 OFFSET $3
"""

COUNT_ALL = "SELECT count(*) FROM article"

# $1 viewer, $2 limit, $3 offset.
FEED = f"""
SELECT {_ARTICLE_COLUMNS},
    (SELECT count(*) FROM article a2 JOIN user_follow f2 ON f2.followee_id = a2.author_id
     WHERE f2.follower_id = $1) AS total
FROM article a
JOIN user_follow fo ON fo.followee_id = a.author_id AND fo.follower_id = $1
JOIN user_account u ON u.id = a.author_id
ORDER BY a.created_at DESC, a.id DESC
LIMIT $2 OFFSET $3
"""

COUNT_FEED = """
SELECT count(*) FROM article a JOIN user_follow f ON f.followee_id = a.author_id
WHERE f.follower_id = $1
"""

# $1 viewer, $2 slug.
SINGLE = f"""
SELECT {_ARTICLE_COLUMNS}, a.body
FROM article a JOIN user_account u ON u.id = a.author_id
WHERE a.slug = $2
"""

# $1 viewer, $2 slug. No row: no such article; one row with a NULL id: an article without comments.
COMMENTS = f"""
SELECT c.id, c.body, {_stamp("c.created_at")} AS created_at,
    {_stamp("c.updated_at")} AS updated_at,
    u.username, u.bio, u.image,
    EXISTS(
        SELECT 1 FROM user_follow uf WHERE uf.follower_id = $1 AND uf.followee_id = c.author_id
    ) AS following
FROM article a
LEFT JOIN article_comment c ON c.article_id = a.id
LEFT JOIN user_account u ON u.id = c.author_id
WHERE a.slug = $2
ORDER BY c.created_at, c.id
"""

TAGS = 'SELECT tag FROM article_tag GROUP BY tag ORDER BY count(*) DESC, tag COLLATE "C"'

# $1 email.
LOGIN = """
SELECT id, email, username, bio, image, password_hash FROM user_account
WHERE lower(email) = lower($1)
"""

# $1 article id, $2 author id, $3 slug, $4 title, $5 description, $6 body, $7 now, $8 tags,
# $9 event id, $10 event payload. Article, tags and its outbox event in one statement (one
# implicit transaction); no row back when the slug is taken.
CREATE = """
WITH a AS (
    INSERT INTO article (id, author_id, slug, title, description, body, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
    ON CONFLICT (slug) DO NOTHING
    RETURNING id, author_id
), t AS (
    INSERT INTO article_tag (article_id, position, tag)
    SELECT a.id, x.ord - 1, x.tag FROM a, unnest($8::text[]) WITH ORDINALITY AS x(tag, ord)
), o AS (
    INSERT INTO outbox_event (event_id, name, payload, occurred_at)
    SELECT $9, 'article.published', $10, $7 FROM a
)
SELECT u.username, u.bio, u.image FROM a JOIN user_account u ON u.id = a.author_id
"""
