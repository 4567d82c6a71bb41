"""Web UI and JSON API over a store: search, article view with highlighted evidence, actors, issues."""
