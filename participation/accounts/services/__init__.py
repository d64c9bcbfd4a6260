"""Use cases of accounts: registration, sign-in, password reset, profile, roles, deletion, API tokens. One
module each; callers import this package (`from participation.accounts import services as accounts`)."""

from __future__ import annotations

from participation.accounts.services.password_changes import (
    RESET_MAX_AGE,
    change_password,
    request_password_reset,
    reset_password,
    user_for_reset,
)
from participation.accounts.services.profile import delete_account, update_profile
from participation.accounts.services.registration import (
    CONFIRM_MAX_AGE,
    confirm_email,
    confirmation_token,
    create_user,
    register,
    registered_message,
)
from participation.accounts.services.roles import list_accounts, set_roles
from participation.accounts.services.sign_in import authenticate, get_active_user, get_user_by_email
from participation.accounts.services.tokens import (
    TOKEN_PREFIX,
    TOKEN_USER_TTL,
    create_token,
    forget_token_users,
    issue_token_for_credentials,
    list_tokens,
    revoke_token,
    user_for_token,
)

__all__ = [
    "CONFIRM_MAX_AGE",
    "RESET_MAX_AGE",
    "TOKEN_PREFIX",
    "TOKEN_USER_TTL",
    "authenticate",
    "change_password",
    "confirm_email",
    "confirmation_token",
    "create_token",
    "create_user",
    "delete_account",
    "forget_token_users",
    "get_active_user",
    "get_user_by_email",
    "issue_token_for_credentials",
    "list_accounts",
    "list_tokens",
    "register",
    "registered_message",
    "request_password_reset",
    "reset_password",
    "revoke_token",
    "set_roles",
    "update_profile",
    "user_for_reset",
    "user_for_token",
]
