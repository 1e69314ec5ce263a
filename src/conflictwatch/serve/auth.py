"""Bearer tokens: ``CONFLICTWATCH_TOKEN`` (or the token given to ``create_app``) and the tokens of
``conflictwatch token create``, whose SHA-256 only is kept in the store's ``api_tokens`` table."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..store import Store


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return "cw_" + secrets.token_urlsafe(32)


def create_token(store: Store, name: str) -> tuple[int, str]:
    """A new token: stored as its hash; the token itself is returned once and never kept."""
    token = new_token()
    return store.add_token(name, hash_token(token)), token


class TokenCheck:
    def __init__(self, store: Store, token: str | None):
        self.store = store
        self.token = token or None

    def configured(self) -> bool:
        return bool(self.token) or bool(self.store.tokens())

    def valid(self, presented: str | None) -> bool:
        if not presented:
            return False
        ok = False
        if self.token:
            ok = hmac.compare_digest(presented.encode("utf-8", "replace"), self.token.encode("utf-8"))
        digest = hash_token(presented)
        for row in self.store.tokens():
            ok = hmac.compare_digest(digest, row["sha256"]) or ok
        return ok
