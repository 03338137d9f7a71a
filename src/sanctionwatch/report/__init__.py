"""The published report: one self-contained HTML page, plus JSON, GeoJSON and JSON Lines."""
