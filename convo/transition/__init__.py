"""Transition to secondary: one pack per destination school, built, sent and received."""
