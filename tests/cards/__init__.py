"""Tests of the parent/carer cards."""
