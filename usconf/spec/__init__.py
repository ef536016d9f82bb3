"""Facts from the Ultra Stream API reference, as data."""
