"""Site conventions: which fields a site's generator reads, and draftdeck.toml."""
