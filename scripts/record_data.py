"""After editing a hand-curated file under data/ (events.csv, actors.csv): store its new hash in data/manifest.json.

Run: python scripts/record_data.py events.csv actors.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.manifest import record_file  # noqa: E402

for name in sys.argv[1:]:
    record_file(name)
    print(f"recorded {name}")
