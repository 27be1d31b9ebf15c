"""``ecoforum create_api_token <username> --name …``: issue a token for a partner system; it is printed once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ecoforum.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token that acts as the given user. Only its hash is stored: copy it now."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, such as the app's name.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        _row, token = ApiToken.issue(user, name=name)
        self.stdout.write(token)
