"""Addresses: see urls.py / manage_urls.py."""

urlpatterns: list = []
