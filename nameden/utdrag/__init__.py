"""The protokollsutdrag: what one paragraf's extract says (`innehall`), its PDF/A (`pdf`) and
reading a stored one back, hash-checked (`filer`). Written by `nameden.services.utskick`."""
