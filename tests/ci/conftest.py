import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "ci"))
sys.path.insert(0, str(ROOT / "tests" / "score"))
