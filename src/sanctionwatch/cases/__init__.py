"""Cases: claims, maritime events and screening hits fused into incidents with their evidence."""
