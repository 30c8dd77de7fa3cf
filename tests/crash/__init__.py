"""Proof of crash safety: writers killed with SIGKILL at random moments, and the checks after."""
