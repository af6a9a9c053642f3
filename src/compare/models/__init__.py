"""Model files bundled with compare (read with importlib.resources)."""
