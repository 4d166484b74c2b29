"""The knowledge base's and the macros' tables."""
