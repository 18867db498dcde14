"""Pure scoring functions over pandas frames: maturity, ratings, spread, gaps."""
