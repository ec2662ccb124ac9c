"""The pure core of draftdeck: no Textual, no Rich, nothing that draws."""
