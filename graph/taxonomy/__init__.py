"""The tag taxonomy: categories, tag trees, their changes and their governance."""
