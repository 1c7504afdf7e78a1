"""Write the committed sample: the first 1,000 Fashion-MNIST test images and labels as .npy.

  /usr/bin/python3 models/scripts/make_sample.py
writes samples/data/fmnist-test-1000-images.npy (uint8 [1000,28,28,1], NHWC, raw pixel bytes)
and samples/data/fmnist-test-1000-labels.npy (int64 [1000]).
"""
import os

import numpy as np

import zoo

out = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "data")
os.makedirs(out, exist_ok=True)
x = zoo.read_idx(os.path.join(zoo.FMNIST_DIR, "t10k-images-idx3-ubyte.gz"))[:1000]
y = zoo.read_idx(os.path.join(zoo.FMNIST_DIR, "t10k-labels-idx1-ubyte.gz"))[:1000]
np.save(os.path.join(out, "fmnist-test-1000-images.npy"), np.ascontiguousarray(x[:, :, :, None]))
np.save(os.path.join(out, "fmnist-test-1000-labels.npy"), y.astype(np.int64))
print("wrote", out)
