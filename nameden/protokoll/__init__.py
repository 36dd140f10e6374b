"""The protokoll of a sammanträde: its content, fingerprint, PDF and justering state."""
