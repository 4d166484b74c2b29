"""Rows of the permission matrix for the status page and Changing of the Guard URLs (see
tests/matrix_extension.py)."""

from tests.matrix_extension import MatrixExtension

EXTENSION = MatrixExtension(rows={})
