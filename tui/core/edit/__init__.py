"""Editing: verified line-level edits per format, the atomic writer, batch application."""
