"""API tokens for staff tools and programs."""
