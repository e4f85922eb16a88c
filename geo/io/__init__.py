"""Events data in and out: reading any delimited text file, the ACLED and UCDP layouts, validation.

``geo.events.load_events`` is the one entry point; the modules here each do one step of it:
``csvread`` (bytes to string columns with spreadsheet row numbers, streaming), ``acled`` and ``ucdp``
(their vintages and layouts onto our columns, and back), ``checks`` (vectorised validation).
"""
