"""Maritime: AIS ingestion and detection of gaps, encounters, loitering, port visits, identity games."""
