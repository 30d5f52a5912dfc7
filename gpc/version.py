"""The version of gpc (``gpc.__version__``), on the ground floor so that a writer can name it."""

__version__ = "0.1.0"
