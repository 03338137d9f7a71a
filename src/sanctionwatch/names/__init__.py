"""Name handling shared by linking and screening: transliteration, tokens, phonetic keys."""
