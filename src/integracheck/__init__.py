"""integracheck: policy-gap analyser for local migrant integration."""

__version__ = "0.2.0"
