"""Import and export of customers, the taxonomy and assignments as files."""
