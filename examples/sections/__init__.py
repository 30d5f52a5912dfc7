"""Sections of the synthetic example city, one module per sector group."""
