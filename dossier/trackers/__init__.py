"""trackers stage."""
