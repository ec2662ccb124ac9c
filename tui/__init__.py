"""draftdeck: browse, read and edit folders of Markdown articles with front matter."""

__version__ = "0.1.0"
