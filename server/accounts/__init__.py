"""Accounts over HTTP: signing in and out, registration, password reset, the account page, admins' accounts
page, and the JSON API's tokens, registration and `me`."""

from __future__ import annotations

from starlette.routing import Mount, Route

from server.accounts import api, pages, sign_in_links

# The account's own links (sign in, the account page) sit in the header, not in the area navigation.
navigation: list = []
account_sections: list = []
home_sections: list = []
commands: list = []

routes = [
    Route("/login", pages.login, methods=["GET", "POST"], name="login"),
    Route("/login/link", sign_in_links.ask, methods=["GET", "POST"], name="sign_in_link"),
    Route("/login/link/{token}", sign_in_links.use, methods=["GET", "POST"], name="sign_in_with_link"),
    Route("/logout", pages.logout, methods=["POST"], name="logout"),
    Route("/register", pages.register, methods=["GET", "POST"], name="register"),
    Route("/account", pages.account, name="account"),
    Mount(
        "/account",
        routes=[
            Route("/confirm/{token}", pages.confirm, name="confirm"),
            Route("/forgot", pages.forgot, methods=["GET", "POST"], name="forgot"),
            Route("/reset/{token}", pages.reset, methods=["GET", "POST"], name="reset"),
            Route("/profile", pages.profile, methods=["POST"], name="profile"),
            Route("/password", pages.password, methods=["POST"], name="password"),
            Route("/tokens", pages.create_token, methods=["POST"], name="tokens"),
            Route("/tokens/new", pages.new_token, name="new_token"),
            Route("/tokens/{id:int}/revoke", pages.revoke_token, methods=["POST"], name="revoke_token"),
            Route("/preferences", pages.preferences, methods=["POST"], name="preferences"),
            Route("/notifications/read", pages.notifications_read, methods=["POST"], name="notifications_read"),
            Route("/my-data", pages.my_data, name="my_data"),
            Route("/delete", pages.delete, methods=["POST"], name="delete_account"),
        ],
    ),
    Route("/admin/accounts", pages.admin_accounts, name="admin_accounts"),
    Route("/admin/accounts/{id:int}/roles", pages.admin_set_roles, methods=["POST"], name="admin_set_roles"),
]

api_routes = [
    Route("/tokens", api.create_token, methods=["POST"]),
    Route("/users", api.register, methods=["POST"]),
    Route("/me", api.me, methods=["GET"]),
]
