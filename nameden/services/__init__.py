"""Every write of the committee side: one atomic function per change (see nameden.policy)."""
