"""Tag history: what customers held when, and who changed it."""
