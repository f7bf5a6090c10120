"""Request bodies of the RealWorld surface: shape and types only (the core checks the rules), each
turned into the command its use case takes; ``check`` runs the core's pure parser alone, for a body
pydantic partly refused (``problems.py``). Unknown fields are ignored, as RealWorld clients send
extra ones. The documented schemas carry the core's rules (``rules.py``) and an example each."""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from application.articles import (
    ArticleChanges,
    NewArticle,
    parse_article_changes,
    parse_new_article,
)
from application.comments import parse_comment
from application.users import (
    AccountChanges,
    Registration,
    parse_account_changes,
    parse_credentials,
    parse_registration,
)
from domain.articles import Tags as ArticleTags
from domain.users import UNSET
from entrypoints.api.realworld import rules


def _plain_text(value: str) -> str:
    """No NUL characters and no lone surrogates: no database can store either."""
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "must not contain NUL characters")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError("text_unicode", "must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
"""A string any store can keep; every string a client sends is one."""


def _not_null(value: Any) -> Any:
    """An optional field may be left out, but ``null`` is not a value for it."""
    if value is None:
        raise PydanticCustomError("string_type", "must be a string")
    return value


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


def _rules(**fields: rules.Schema) -> ConfigDict:
    """A body model's documented fields: each named field's schema is its rule from ``rules.py``
    instead of the bare type, so the document states what the core checks while pydantic checks
    none of it (``rules.nullable`` for a field that takes ``null``)."""

    def document(schema: JsonDict) -> None:
        properties = schema["properties"]
        assert isinstance(properties, dict)
        for name, rule in fields.items():
            published = properties[name]  # a KeyError here names a field the model lacks
            assert isinstance(published, dict)
            kept = {key: value for key, value in published.items() if key in {"title", "default"}}
            properties[name] = {**rule, **kept}

    return ConfigDict(json_schema_extra=document)


def _example(example: JsonDict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


# --- users --------------------------------------------------------------------------------------
class NewUser(_Body):
    model_config = _rules(
        username=rules.USERNAME,
        email=rules.EMAIL,
        password=rules.PASSWORD,
        bio=rules.nullable(rules.BIO),
        image=rules.nullable(rules.IMAGE),
    )

    username: Text
    email: Text
    password: Text
    bio: Text | None = None
    image: Text | None = None


class NewUserRequest(_Body):
    model_config = _example(
        {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}  # nosec B105  # an OpenAPI sample, not a credential
    )

    user: NewUser

    def check(self) -> None:
        parse_registration(self.to_command())

    def to_command(self) -> Registration:
        user = self.user
        return Registration(
            username=user.username,
            email=user.email,
            password=user.password,
            bio=user.bio,
            image=user.image,
        )


class LoginUser(_Body):
    email: Text
    password: Text


class LoginUserRequest(_Body):
    model_config = _example({"user": {"email": "jake@jake.jake", "password": "jakejake"}})  # nosec B105  # an OpenAPI sample, not a credential

    user: LoginUser

    def check(self) -> None:
        parse_credentials(email=self.user.email, password=self.user.password)


class UpdateUser(_Body):
    """Every field is optional; ``null`` clears ``bio`` or ``image``."""

    model_config = _rules(
        email=rules.EMAIL,
        username=rules.USERNAME,
        password=rules.PASSWORD,
        bio=rules.nullable(rules.BIO),
        image=rules.nullable(rules.IMAGE),
    )

    email: Text | None = None
    username: Text | None = None
    password: Text | None = None
    bio: Text | None = None
    image: Text | None = None

    @field_validator("email", "username", "password", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return _not_null(value)

    @model_validator(mode="after")
    def _at_least_one(self) -> UpdateUser:
        if not self.model_fields_set:
            raise PydanticCustomError(
                "empty_update", "must name at least one of email, username, password, bio, image"
            )
        return self

    def to_changes(self) -> AccountChanges:
        sent = self.model_fields_set
        return AccountChanges(
            email=self.email,
            username=self.username,
            password=self.password,
            bio=self.bio if "bio" in sent else UNSET,
            image=self.image if "image" in sent else UNSET,
        )


class UpdateUserRequest(_Body):
    model_config = _example(
        {"user": {"bio": "I like to skateboard", "image": "https://i.stack.imgur.com/xHWG8.jpg"}}
    )

    user: UpdateUser

    def check(self) -> None:
        parse_account_changes(self.user.to_changes())


# --- articles -----------------------------------------------------------------------------------
MAX_TAGS_SENT: Final = 100


def _bounded_tags(value: Any) -> Any:
    """The core allows 10 distinct tags (duplicates are dropped, so more may be sent); this cap
    only bounds the work, and a client hears the core's rule either way."""
    if isinstance(value, list) and len(value) > MAX_TAGS_SENT:
        raise PydanticCustomError(
            "too_many_tags", f"has too many tags (maximum is {ArticleTags.MAX_COUNT})"
        )
    return value


Tags = Annotated[list[Text], BeforeValidator(_bounded_tags)]


class NewArticleBody(_Body):
    model_config = _rules(
        title=rules.TITLE,
        description=rules.DESCRIPTION,
        body=rules.BODY,
        tagList=rules.TAG_LIST,
    )

    title: Text
    description: Text
    body: Text
    tagList: Tags = []


class NewArticleRequest(_Body):
    model_config = _example(
        {
            "article": {
                "title": "How to train your dragon",
                "description": "Ever wonder how?",
                "body": "You have to believe",
                "tagList": ["reactjs", "angularjs", "dragons"],
            }
        }
    )

    article: NewArticleBody

    def check(self) -> None:
        parse_new_article(self.to_command())

    def to_command(self) -> NewArticle:
        article = self.article
        return NewArticle(
            title=article.title,
            description=article.description,
            body=article.body,
            tags=tuple(article.tagList),
        )


class UpdateArticleBody(_Body):
    """Only the fields sent change; ``tagList`` replaces the tags when given."""

    model_config = _rules(
        title=rules.TITLE,
        description=rules.DESCRIPTION,
        body=rules.BODY,
        tagList=rules.TAG_LIST,
    )

    title: Text | None = None
    description: Text | None = None
    body: Text | None = None
    tagList: Tags | None = None

    @field_validator("title", "description", "body", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return _not_null(value)

    @field_validator("tagList", mode="before")
    @classmethod
    def _tags_not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("list_type", "must be a list")
        return value


class UpdateArticleRequest(_Body):
    model_config = _example({"article": {"body": "With two hands"}})

    article: UpdateArticleBody

    def check(self) -> None:
        parse_article_changes(self.to_changes())

    def to_changes(self) -> ArticleChanges:
        article = self.article
        return ArticleChanges(
            title=article.title,
            description=article.description,
            body=article.body,
            tags=None if article.tagList is None else tuple(article.tagList),
        )


# --- comments -----------------------------------------------------------------------------------
class NewCommentBody(_Body):
    model_config = _rules(body=rules.COMMENT_BODY)

    body: Text


class NewCommentRequest(_Body):
    model_config = _example({"comment": {"body": "His name was my name too."}})

    comment: NewCommentBody

    def check(self) -> None:
        parse_comment(self.comment.body)
