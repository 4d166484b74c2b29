"""Rows of the permission matrix for the timesheets URLs (see tests/matrix_extension.py)."""

from tests.matrix_extension import MatrixExtension

EXTENSION = MatrixExtension(rows={})
