"""The RSA cross-check against OpenFisca-France (issue 20)."""
