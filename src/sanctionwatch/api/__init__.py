"""The HTTP service: yente-compatible /match, look-ups, claims, AIS detection, incidents, web UI."""
