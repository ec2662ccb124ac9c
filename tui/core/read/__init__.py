"""Reading: bytes to front matter and body, guarded parsing, structure, finding articles."""
