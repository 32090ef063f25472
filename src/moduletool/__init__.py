"""moduletool: write multilingual e-learning modules once, publish them to every LMS."""

__version__ = "0.1.0"
