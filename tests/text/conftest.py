"""Local test setup for tests/text.

Workaround: the repository has no pytest configuration yet that puts the project
root on sys.path, so ``import annotator`` would fail under plain ``pytest``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
