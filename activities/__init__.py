"""Everything with side effects: database, rules evaluation, letters, model calls."""
