"""Tag rules: definitions, their compiler and engine, and the built-in lifecycle."""
