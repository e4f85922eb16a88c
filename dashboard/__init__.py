"""The dashboard (app.py): ui.py the page, sources.py its cached data, warmup.py the server's start-up work,
store_panel.py the event store's panels. Each a thin UI over geo."""
