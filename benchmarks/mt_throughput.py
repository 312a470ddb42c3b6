"""MT throughput: argostranslate's translate() per unit vs our engine vs one raw translate_batch.

    python benchmarks/mt_throughput.py                 # 200 German sentences, beam 4
    python benchmarks/mt_throughput.py --sentences 400 --beam-sizes 1,2,4
    python benchmarks/mt_throughput.py --executor ray  # and the translate step on Ray

The model has the size of argos' released models (6+6 layers, d_model 512, 8 heads, FFN 2048,
32,000-token vocabulary, int8), built in ~1 minute and cached under benchmarks/.cache: random
weights, except that its first decoder layer copies the source through a small lexicon (as in
tests/tiny_argos.py), so outputs have realistic lengths and can be compared exactly. The
SentencePiece model is trained on the sentences' own text, for realistic token counts.

Measured, in one process, on the same sentences with the same decoding settings (beam 4,
length penalty 0.2, replace_unknowns): (a) argostranslate's `Translation.translate()` once per
unit, as argos users and LibreTranslate call it (its sentence splitter is replaced by the
identity, since our units are sentences already: that only helps the baseline; the real one
would try to download a MiniSBD model); (b) our engine, `ArgosEngine.translate_batch` on all
units; (c) our whole `translate` step on a project (shielding, chunks of 32 saved to PO files);
(d) raw `ctranslate2.Translator.translate_batch` in one call; (e) CTranslate2's `score_batch`
on (d)'s outputs, the second pass the MT confidence does without. Outputs of (a), (b), (d)
must be equal. Rows (b) and (c) each get a new engine (no outputs cached by another row), whose
model load is timed apart. Speed is sentences per wall-clock second (CTranslate2 runs its own
threads).

With `--executor ray`, (f): the translate step of (c) on a local Ray cluster of this
machine's cores (one actor per core, one CTranslate2 thread each), its outputs equal to (c)'s;
the cluster's start and the actors' model loads are timed apart. From the driver's CPU time
per chunk and the machine's rate it projects what 4, 16 and 64 such machines would do (the
driver alone reads and writes catalogs, so it caps the cluster); the last line reads
`ray/local: X.XX; projected sentences/s at 4, 16, 64 machines: A, B, C`.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CACHE = Path(__file__).resolve().parent / ".cache"
SHARED = ROOT.parent / "shared" / "corpus" / "articles"
# argostranslate reads its settings on import: its own data dirs, and the same thread count
# as our engine (all physical cores for one translator).
os.environ.setdefault("ARGOS_PACKAGES_DIR", str(CACHE / "argos-packages"))
os.environ.setdefault("XDG_DATA_HOME", str(CACHE / "data"))
os.environ.setdefault("XDG_CACHE_HOME", str(CACHE / "cache"))

import tiny_argos  # noqa: E402

from i18n_tool.config import MTSettings, physical_cores  # noqa: E402
from i18n_tool.engines import Translation  # noqa: E402
from i18n_tool.executors import LocalExecutor  # noqa: E402
from i18n_tool.segment import split_sentences  # noqa: E402

os.environ.setdefault("ARGOS_INTRA_THREADS", str(physical_cores()))


def german_sentences(count: int) -> list[str]:
    """Distinct real German news sentences (shared corpus, else the seed article)."""
    sources = sorted(SHARED.glob("*.de.md")) if SHARED.is_dir() else []
    sources = sources or [ROOT / "source" / "kim-truppen-russland.de.md"]
    sentences: list[str] = []
    for path in sources:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            plain = re.sub(r"[*_`#>|\[\]]|\([^)]*\)", "", block).strip()
            sentences += [s for s in split_sentences(plain) if len(s.split()) >= 4]
    unique = list(dict.fromkeys(sentences))
    repeated = [f"{s} ({n + 1})" for n in range(count // len(unique) + 1) for s in unique]
    return (unique + repeated)[:count]


def package(sentences: list[str]) -> Path:
    """The de→en .argosmodel of argos size, built once for these sentences."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"translate-de_en-argos-size-{len(sentences)}.argosmodel"
    if not path.exists():
        sp_model = tiny_argos.train_sentencepiece(tiny_argos.CORPUS + sentences, vocab_size=8000)
        built = tiny_argos.build_package(
            CACHE / "build", "de", "en", sp_model, tiny_argos.ARGOS_SIZE, quantization="int8"
        )
        built.rename(path)
    return path


def timed(label: str, work: Callable[[], list[str]]) -> tuple[float, list[str]]:
    print(f"  running {label} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    outputs = work()
    return time.perf_counter() - start, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200, help="workload size (200)")
    parser.add_argument("--beam-sizes", default="4", help="engine beam sizes to sweep (4)")
    parser.add_argument(
        "--executor",
        choices=("local", "ray"),
        default="local",
        help="ray: also run the translate step on a local Ray cluster of this machine's cores",
    )
    parser.add_argument(
        "--chunk-size", type=int, default=32, help="units per chunk of the translate step (32)"
    )
    args = parser.parse_args()

    sentences = german_sentences(args.sentences)
    model_file = package(sentences)
    import argostranslate.package
    import argostranslate.translate
    import ctranslate2

    from i18n_tool.engines.argos import find_route, install_from_file

    with zipfile.ZipFile(model_file) as archive:
        folder = archive.namelist()[0].split("/")[0]
    if not (Path(os.environ["ARGOS_PACKAGES_DIR"]) / folder / "model").exists():
        install_from_file(model_file)
    pkg = find_route("de", "en")[0]
    settings = MTSettings(beam_size=4)
    print(
        f"{len(sentences)} sentences, {sum(len(pkg.tokenizer.encode(s)) for s in sentences)} "
        f"source tokens; model {model_file.name} (int8); {physical_cores()} physical cores\n"
    )

    class UnitsAreSentences:
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    translation = argostranslate.translate.get_translation_from_codes("de", "en")
    package_translation = getattr(translation, "underlying", translation)  # under its cache
    package_translation.sentencizer = UnitsAreSentences()
    results: dict[str, tuple[float, list[str]]] = {}
    results["(a) argostranslate translate() per unit"] = timed(
        "(a)", lambda: [translation.translate(s) for s in sentences]
    )
    loads: dict[str, float] = {}
    engine, loads["(b)"] = fresh_engine(settings)
    engine_results: list[Translation] = []

    def ours() -> list[str]:
        engine_results[:] = engine.translate_batch(sentences, "de", "en")
        return [t.text for t in engine_results]

    results["(b) i18n-tool engine, one call"] = timed("(b)", ours)
    step_engine, loads["(c)"] = fresh_engine(settings)
    local_executor = LocalExecutor(step_engine)
    results["(c) i18n-tool translate step (PO files)"] = timed(
        "(c)", lambda: translate_step(sentences, local_executor, args.chunk_size)
    )
    translator = ctranslate2.Translator(
        str(pkg.package_path / "model"),
        compute_type=settings.compute_type,
        intra_threads=physical_cores(),
    )

    hypotheses: list[list[str]] = []

    def raw() -> list[str]:
        tokens = [pkg.tokenizer.encode(s) for s in sentences]
        batch = translator.translate_batch(
            tokens,
            beam_size=4,
            max_batch_size=settings.batch_tokens,
            batch_type="tokens",
            replace_unknowns=True,
            length_penalty=0.2,
        )
        decode = pkg.tokenizer.lazy_processor().decode_pieces
        hypotheses[:] = [r.hypotheses[0] for r in batch]
        return [decode(r.hypotheses[0]).strip() for r in batch]

    results["(d) raw translate_batch, one call"] = timed("(d)", raw)
    mean_log_probs: list[float] = []

    def second_pass() -> list[str]:
        """What the MT confidence would cost as a second CTranslate2 pass (the engine instead
        undoes the length penalty of the scores translate_batch returns)."""
        tokens = [pkg.tokenizer.encode(s) for s in sentences]
        scored = translator.score_batch(
            tokens, hypotheses, max_batch_size=settings.batch_tokens, batch_type="tokens"
        )
        mean_log_probs[:] = [sum(r.log_probs) / len(r.log_probs) for r in scored]
        return []

    second_seconds, _ = timed("(e)", second_pass)

    baseline = results["(a) argostranslate translate() per unit"]
    reference = results["(d) raw translate_batch, one call"]
    for label in ("(a) argostranslate translate() per unit", "(b) i18n-tool engine, one call"):
        if results[label][1] != reference[1]:
            differing = sum(x != y for x, y in zip(results[label][1], reference[1], strict=True))
            sys.exit(f"outputs differ: {label} vs raw on {differing} sentences")

    print("| method | seconds | sentences/s | × baseline (a) | × raw (d) |")
    print("|---|---|---|---|---|")
    for label, (seconds, _) in results.items():
        rate = len(sentences) / seconds
        print(
            f"| {label} | {seconds:.2f} | {rate:.2f} | {baseline[0] / seconds:.2f} "
            f"| {reference[0] / seconds:.2f} |"
        )
    print("\noutputs of (a), (b) and (d) are identical")
    gap = max(
        abs(math.log(t.confidence or 0.0) - mean)
        for t, mean in zip(engine_results, mean_log_probs, strict=True)
    )
    print(
        f"(e) score_batch on (d)'s outputs, the second pass the MT confidence does without: "
        f"{second_seconds:.2f} s = {100 * second_seconds / reference[0]:.1f} % of (d); "
        f"the engine's confidences = exp(mean score_batch log-probability) within {gap:.1e}"
    )

    sweep = [int(b) for b in args.beam_sizes.split(",") if b.strip() and int(b) != 4]
    if sweep:
        print("\n| engine beam size | seconds | sentences/s |\n|---|---|---|")
        print(f"| 4 | {results['(b) i18n-tool engine, one call'][0]:.2f} | ", end="")
        print(f"{len(sentences) / results['(b) i18n-tool engine, one call'][0]:.2f} |")
        for beam in sweep:
            other, _ = fresh_engine(MTSettings(beam_size=beam))
            seconds, _ = timed(f"beam {beam}", lambda e=other: _texts(e, sentences))
            print(f"| {beam} | {seconds:.2f} | {len(sentences) / seconds:.2f} |")

    print(
        "\nmodel load, outside the timings: "
        + ", ".join(f"{row} {seconds:.2f} s" for row, seconds in loads.items())
    )
    ratio = baseline[0] / results["(b) i18n-tool engine, one call"][0]
    print(f"ratio engine/baseline: {ratio:.2f}")
    if args.executor == "ray":
        local_step = results["(c) i18n-tool translate step (PO files)"]
        on_ray(sentences, settings, args.chunk_size, local_step)


def _texts(engine: object, sentences: list[str]) -> list[str]:
    return [t.text for t in engine.translate_batch(sentences, "de", "en")]  # type: ignore[attr-defined]


WARM_UP = "Der Präsident sprach."  # not in the workload: loads a model, caches nothing it uses


def fresh_engine(settings: MTSettings) -> tuple[object, float]:
    """A new engine (no outputs cached from another row) and the seconds its model took to
    load, timed apart from the row."""
    from i18n_tool.engines.argos import ArgosEngine

    engine = ArgosEngine(settings)
    start = time.perf_counter()
    engine.translate_batch([WARM_UP], "de", "en")
    return engine, time.perf_counter() - start


def on_ray(
    sentences: list[str], settings: MTSettings, chunk_size: int, local: tuple[float, list[str]]
) -> None:
    """The translate step on a local Ray cluster (this machine's cores, one actor per core,
    one thread each) against the local step (c), and what more machines would give."""
    import ray

    from i18n_tool.executors import RayExecutor

    cores = physical_cores()
    start = time.perf_counter()
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    executor = RayExecutor(MTSettings(beam_size=settings.beam_size), "de", ["en"], None)
    list(executor.translate_chunks([[WARM_UP]] * len(executor.actors), "de", "en"))
    started = time.perf_counter() - start
    cpu = time.process_time()
    seconds, outputs = timed("(f)", lambda: translate_step(sentences, executor, chunk_size))
    driver_cpu = time.process_time() - cpu
    executor.close()
    ray.shutdown()
    if outputs != local[1]:
        sys.exit("outputs differ: the translate step on Ray vs (c)")
    chunks = -(-len(sentences) // chunk_size)
    machine_rate = len(sentences) / seconds
    per_chunk = driver_cpu / chunks
    driver_limit = chunk_size / per_chunk  # sentences/s one driver can hand out and save
    projected = [min(machines * machine_rate, driver_limit) for machines in (4, 16, 64)]
    print(
        f"\n| executor | seconds | sentences/s |\n|---|---|---|\n"
        f"| (c) local, 1 translator × {cores} threads | {local[0]:.2f} | "
        f"{len(sentences) / local[0]:.2f} |\n"
        f"| (f) Ray, {cores} actors × 1 thread | {seconds:.2f} | "
        f"{machine_rate:.2f} |"
    )
    print(
        f"\nRay: cluster start, actors and their model loads {started:.2f} s (outside the "
        f"timing); outputs of (f) = (c); {chunks} chunks of {chunk_size}; the driver's CPU "
        f"per chunk (dispatch, results, shielding, saving the PO file) {per_chunk * 1000:.1f} ms, "
        f"so one driver hands out at most {driver_limit:.0f} sentences/s: with machines like "
        f"this one ({machine_rate:.2f} sentences/s each) it becomes the bottleneck from "
        f"{driver_limit / machine_rate:.0f} machines on"
    )
    print(
        f"ray/local: {local[0] / seconds:.2f}; projected sentences/s at 4, 16, 64 machines: "
        + ", ".join(f"{rate:.0f}" for rate in projected)
    )


def translate_step(sentences: list[str], executor: object, chunk_size: int) -> list[str]:
    """`i18n-tool translate` as a user runs it: a project, its template and catalog."""
    import i18n_tool

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "source").mkdir()
        (root / "pyproject.toml").write_text('[tool.i18n-tool]\ntarget-languages = ["en"]\n')
        (root / "source" / "bench.de.md").write_text("\n\n".join(sentences) + "\n")
        project = i18n_tool.open_project(root)
        i18n_tool.extract(project)
        i18n_tool.update(project)
        i18n_tool.translate(project, executor=executor, chunk_size=chunk_size)  # type: ignore[arg-type]
        import polib

        return [e.msgstr for e in polib.pofile(str(root / "locales" / "en" / "bench.po"))]


if __name__ == "__main__":
    main()
