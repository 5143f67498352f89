"""Principals: users, departments, API keys and what they may see and do."""
