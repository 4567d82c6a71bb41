"""Attribution: quotes and reported speech with their cue, source and content."""
