"""Principals, permissions and the audit trail over GraphQL (ADMIN only, but `viewer`)."""
