"""Running as one replica of a fleet: shared limits in Redis, change propagation, draining."""
