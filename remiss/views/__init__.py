"""The remiss pages, one module per part of the process. URLs are in `remiss.urls`."""
