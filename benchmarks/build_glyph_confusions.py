"""Regenerate the glyph-similarity source of ``src/zjnews/repair/data/confusions.json``.

Run from the repository root (needs Pillow, NumPy and SciPy, and the Noto Serif CJK font;
on Debian: ``apt-get install fonts-noto-cjk``)::

    python benchmarks/build_glyph_confusions.py [--font PATH] [--neighbours 8]

What an OCR engine misreads is a glyph that looks like another one. Printed newspapers set their
body text in a Song (serif) face, so every character of GB 2312 (6,763) is drawn in Noto Serif
CJK SC (SIL Open Font License 1.1) at 64 pixels, blurred (a Gaussian of 3 pixels: the engine
sees ink, not outlines), reduced to 32 × 32 and compared with every other character by the
cosine of the mean-centred images. Each character keeps its :data:`NEIGHBOURS` nearest glyphs.

The parameters were chosen on the published OCR pairs already in the data file (Tesseract's
ambiguity table and the classic groups): the script prints how many of those pairs the table
recovers (each pair counts when either character has the other among its neighbours). No pair
is added or removed by hand. The script rewrites the ``glyph`` source entry only, with its
provenance (font file and Debian package version, parameters, the recovery figure).

The table covers the common tier too: the 3,755 level-1 characters (``太``/``大``, ``入``/``人``,
``曰``/``日``, ``冶``/``治``) have their neighbours like the rare ones, and the OCR pass tries a
character's nearest glyphs whatever its frequency (its decision model says which ranks pay).
The neighbours are listed nearest first: the pass uses the order as the pair's rank, and the
similarity itself (the cosine, stored beside each neighbour and for every pair of the other
sources) as evidence of its decision: a pair ranked third may still look very much alike.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import numpy as np
from import_confusions import dump
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "zjnews" / "repair" / "data" / "confusions.json"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
FACE = "Noto Serif CJK SC"
SIZE = 64
BLUR = 3.0
REDUCED = 32
NEIGHBOURS = 8
NAME = "Glyph similarity in a Song face (Noto Serif CJK SC), nearest neighbours"
KIND = "glyph"


def gb2312_characters() -> str:
    """The 6,763 ideographs of GB 2312, level 1 then level 2."""
    out = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                out.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def face(path: Path) -> ImageFont.FreeTypeFont:
    """The simplified Chinese face of the font collection."""
    for index in range(8):
        font = ImageFont.truetype(str(path), SIZE, index=index)
        if font.getname()[0] == FACE:
            return font
    raise SystemExit(f"{FACE} not found in {path}")


def glyph_vectors(chars: str, font: ImageFont.FreeTypeFont) -> np.ndarray:
    """One unit vector per character: its blurred, reduced, mean-centred glyph image."""
    canvas = SIZE + 8
    vectors = []
    for char in chars:
        image = Image.new("L", (canvas, canvas), 0)
        ImageDraw.Draw(image).text((4, -SIZE // 8), char, fill=255, font=font)
        ink = ndimage.gaussian_filter(np.asarray(image, dtype=np.float32) / 255.0, BLUR)
        small = Image.fromarray((ink * 255).astype(np.uint8)).resize((REDUCED, REDUCED), Image.BILINEAR)
        vectors.append(np.asarray(small, dtype=np.float32).ravel())
    matrix = np.stack(vectors)
    matrix -= matrix.mean(axis=1, keepdims=True)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    return matrix


def nearest(chars: str, matrix: np.ndarray, count: int) -> tuple[dict[str, str], dict[str, list[float]]]:
    """Each character → its ``count`` most similar glyphs, most similar first, and → their
    similarities (cosine, three decimals)."""
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, -np.inf)
    order = np.argsort(-similarity, axis=1)[:, :count]
    near = {char: "".join(chars[j] for j in order[i]) for i, char in enumerate(chars)}
    scores = {char: [round(float(similarity[i, j]), 3) for j in order[i]] for i, char in enumerate(chars)}
    return near, scores


def pair_similarities(data: dict[str, object], chars: str, matrix: np.ndarray) -> dict[str, float]:
    """The glyph similarity of every pair of the data file's other sources (both characters in
    ``chars``), keyed by the two characters in code-point order."""
    index = {char: i for i, char in enumerate(chars)}
    out: dict[str, float] = {}
    for source in data["sources"]:  # type: ignore[attr-defined]
        if source["kind"] == KIND:
            continue
        for group in source.get("groups", ()):
            for a in group:
                for b in group:
                    if a < b and a in index and b in index:
                        out[a + b] = round(float(matrix[index[a]] @ matrix[index[b]]), 3)
    return dict(sorted(out.items()))


def published_pairs(data: dict[str, object], chars: str) -> set[tuple[str, str]]:
    """The pairs of the data file's ``ocr`` sources with both characters in ``chars``."""
    known = set(chars)
    pairs = set()
    for source in data["sources"]:  # type: ignore[attr-defined]
        if source["kind"] != "ocr":
            continue
        for group in source["groups"]:
            for a in group:
                for b in group:
                    if a < b and a in known and b in known:
                        pairs.add((a, b))
    return pairs


def package_version(name: str) -> str:
    """The installed Debian package's version, or ``"unknown"`` off Debian."""
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", name], capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--font", type=Path, default=FONT)
    parser.add_argument("--neighbours", type=int, default=NEIGHBOURS)
    args = parser.parse_args()
    chars = gb2312_characters()
    matrix = glyph_vectors(chars, face(args.font))
    table, scores = nearest(chars, matrix, args.neighbours)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    validation = published_pairs(data, chars)
    found = sum(1 for a, b in validation if b in table[a] or a in table[b])
    print(f"{len(chars)} characters, {args.neighbours} neighbours each; "
          f"published OCR pairs recovered: {found}/{len(validation)} ({found / len(validation):.1%})")
    entry = {
        "name": NAME,
        "kind": KIND,
        "note": (
            f"Every GB 2312 ideograph drawn in {FACE} (SIL Open Font License 1.1; Debian package "
            f"fonts-noto-cjk) at {SIZE} px, blurred (Gaussian, {BLUR} px), reduced to {REDUCED}x{REDUCED} and "
            f"compared by cosine similarity; each character keeps its {args.neighbours} nearest glyphs "
            "with their similarity (similarity: aligned with neighbours; pair_similarity: the pairs of "
            "the other sources). "
            f"Recovers {found} of the {len(validation)} published OCR pairs above. Derived data, "
            "regenerated by benchmarks/build_glyph_confusions.py; no pair added by hand."
        ),
        "provenance": {
            "font": FACE,
            "font_file": args.font.name,
            "debian_package": f"fonts-noto-cjk {package_version('fonts-noto-cjk')}",
            "licence": "SIL Open Font License 1.1",
            "characters": f"GB 2312, {len(chars)} ideographs (level 1, the 3,755 common ones, included)",
            "render_px": SIZE,
            "blur_px": BLUR,
            "reduced_px": REDUCED,
            "neighbours": args.neighbours,
            "published_pairs_recovered": f"{found}/{len(validation)}",
            "script": "benchmarks/build_glyph_confusions.py",
        },
        "neighbours": table,
        "similarity": scores,
        "pair_similarity": pair_similarities(data, chars, matrix),
    }
    sources = [s for s in data["sources"] if s["kind"] != KIND] + [entry]
    data["sources"] = sources
    DATA.write_text(dump(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
