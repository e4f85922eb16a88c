"""The Streamlit dashboard: ``streamlit run app.py [-- --events FILE --store S --boundaries FILE --name-field F]``.

Streamlit runs this file as the script on every rerun (``__name__ == "__main__"``): the UI is dashboard.ui. When
``streamlit run`` starts the server it finds ``app`` below and imports this file as an ASGI app (st.App): the
server then warms up (imports, the event store, the map's data) before the first reader arrives
(dashboard.warmup).
"""

import streamlit as st

if __name__ == "__main__":
    from dashboard.ui import run

    run()
else:
    from dashboard.warmup import lifespan

    app = st.App(__file__, lifespan=lifespan)
