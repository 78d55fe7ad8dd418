"""Storage side of hand-over bundles: rows of a case in and out as plain values (rows.py), and the
state of hand-over with each peer (state.py)."""
