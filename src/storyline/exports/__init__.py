"""Exports of what the store holds, in formats other tools read."""
