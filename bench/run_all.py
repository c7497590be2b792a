"""Run every benchmark in turn (make bench)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
for script in ("links_bench.py", "curricula_bench.py", "relevance_bench.py", "search_bench.py", "site_bench.py"):
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], cwd=HERE, check=True)
