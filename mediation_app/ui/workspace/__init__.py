"""The case workspace: one tab per stage of the case, over the case detail read model."""
