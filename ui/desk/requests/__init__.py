"""The review requests of the match, under its sport's rules."""
