"""`make bench`: HRFlow at the scale of a ministry, measured against this machine's own limits in
the same run (bench/README.md). Run it as `python -m bench`."""
