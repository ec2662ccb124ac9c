"""Storage: the index cache, the edit journal, remembered UI state and where they live."""
