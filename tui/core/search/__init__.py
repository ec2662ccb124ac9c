"""Selecting articles: filters by status, category, tag and text."""
