"""Afterview: the follow-up desk for the weeks after a job interview.

The package is a library first; the command line (`afterview`) and the local web desk
(`afterview serve`) are thin interfaces over `afterview.services`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
