"""The proxies part of the desk: building proxies in the background for instant scrubbing."""
