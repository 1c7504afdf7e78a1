"""Time scipy.fft.dctn on a float32 batch, the baseline of `mlnetfreq bench dct`.

  /usr/bin/python3 bench/scipy_dct.py --batch 1024 --channels 3 --height 32 --width 32
prints one JSON line {"median_ms": ..., "min_ms": ..., "images_per_s": ..., "backend": "scipy"}.
"""
import argparse
import json
import time

import numpy as np
import scipy.fft

p = argparse.ArgumentParser()
p.add_argument("--batch", type=int, default=1024)
p.add_argument("--channels", type=int, default=3)
p.add_argument("--height", type=int, default=32)
p.add_argument("--width", type=int, default=32)
p.add_argument("--repeat", type=int, default=30)
p.add_argument("--workers", type=int, default=None, help="scipy.fft workers (default 1, SciPy's own default)")
a = p.parse_args()
x = np.random.default_rng(0).random((a.batch, a.channels, a.height, a.width), dtype=np.float32)
for _ in range(5):
    scipy.fft.dctn(x, type=2, norm="ortho", axes=(-2, -1), workers=a.workers)
times = []
for _ in range(a.repeat):
    t = time.perf_counter()
    scipy.fft.dctn(x, type=2, norm="ortho", axes=(-2, -1), workers=a.workers)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
median = float(np.median(times))
print(json.dumps({"median_ms": round(median, 4), "min_ms": round(times[0], 4),
                  "images_per_s": round(a.batch / (median / 1000), 1), "backend": f"scipy-{scipy.__version__}",
                  "workers": a.workers or 1}))
