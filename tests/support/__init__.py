"""Helpers shared by the tests: the official standards, building fixture projects."""
