"""A seeded synthetic image-classification task for the trained MobileNetV2 fixture
(tests/fixtures/generate_trained_fixture.py) and the tests that evaluate it, numpy only.

Class c has a smooth random prototype (an 6x6x3 random field upsampled bilinearly to 96x96x3, scaled
to [-0.8, 0.8]). A sample is its prototype times a random contrast in [0.6, 1.2], plus a random
brightness shift in [-0.2, 0.2] and pixel noise N(0, 0.25), clipped to [-1, 1] (the preprocessed
range of MobileNetV2's inputs). Deterministic for a given seed.
"""
import numpy as np

N_CLASSES = 10
SIZE = 96
PROTOTYPE_SEED = 77


def _upsample(grid, size):
    """Bilinear upsampling of an [h, w, c] grid to [size, size, c] (align-corners style)."""
    h, w, _ = grid.shape
    ys, xs = np.linspace(0, h - 1, size), np.linspace(0, w - 1, size)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None, None], (xs - x0)[None, :, None]
    top = grid[y0][:, x0] * (1 - fx) + grid[y0][:, x1] * fx
    bottom = grid[y1][:, x0] * (1 - fx) + grid[y1][:, x1] * fx
    return top * (1 - fy) + bottom * fy


def prototypes():
    rng = np.random.default_rng(PROTOTYPE_SEED)
    out = []
    for _ in range(N_CLASSES):
        field = _upsample(rng.standard_normal((6, 6, 3)), SIZE)
        out.append(0.8 * field / np.abs(field).max())
    return np.stack(out)


def sample(seed, n):
    """(images float32 [n, 96, 96, 3], labels int64 [n]) drawn with default_rng(seed)."""
    protos = prototypes()
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, N_CLASSES, n)
    contrast = rng.uniform(0.6, 1.2, (n, 1, 1, 1))
    shift = rng.uniform(-0.2, 0.2, (n, 1, 1, 1))
    noise = rng.standard_normal((n, SIZE, SIZE, 3)) * 0.25
    images = np.clip(protos[labels] * contrast + shift + noise, -1.0, 1.0)
    return images.astype(np.float32), labels
