"""usconf: configuration as code for Magewell Ultra Stream encoders."""

__version__ = "0.1.0"
