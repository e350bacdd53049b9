"""Guichet in German, English and French: one catalogue per language and one way to write values."""
