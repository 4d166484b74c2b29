"""Rows of the permission matrix for the knownissues URLs (see tests/matrix_extension.py)."""

from tests.matrix_extension import MatrixExtension

EXTENSION = MatrixExtension(rows={})
