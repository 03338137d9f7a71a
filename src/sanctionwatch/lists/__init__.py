"""Sanctions lists: readers for the official formats, the store, and cross-list linking."""
