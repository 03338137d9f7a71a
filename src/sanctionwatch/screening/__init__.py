"""Screening: match names and identifiers of people, organisations and vessels against the lists."""
