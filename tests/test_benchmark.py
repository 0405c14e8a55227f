"""The benchmark runs end to end on a tiny configuration (timings are never tested here)."""

import sys

import pytest
from scripts import load_script


@pytest.fixture(scope="module")
def benchmark():
    yield load_script("benchmarks/benchmark.py", "annlib_benchmark")
    del sys.modules["annlib_benchmark"]


def tiny(benchmark):
    return benchmark.Config(
        sizes=(784, 16, 10),
        n_train=300,
        n_test=100,
        epochs=2,
        repeats=2,
        batch_size=64,
        trees=3,
        synthetic=True,
    )


def test_tiny_run_reports_every_tool(benchmark, capsys):
    assert benchmark.main(["--tiny"]) == 0
    out = capsys.readouterr().out
    for name in [
        "annlib",
        "PyTorch (CPU)",
        "scikit-learn MLPClassifier",
        "scikit-learn RandomForest",
    ]:
        assert name in out
    assert "GFLOP/s" in out and "of NumPy's matrix-multiply rate" in out


def test_table_has_the_promised_columns(benchmark):
    cfg = tiny(benchmark)
    table, summary = benchmark.run(cfg, log=lambda *a, **k: None)
    annlib = table.loc["annlib"]
    assert annlib["s/epoch vs annlib"] == 1.0
    assert annlib["samples/s"] == pytest.approx(cfg.n_train / annlib["s/epoch"])
    assert 0.5 < annlib["test accuracy"] <= 1  # learned: guessing gets one in ten
    assert summary["flops_per_epoch"] == benchmark.flops_per_epoch(cfg) > 0
    assert 0 < summary["fraction_of_gemm"]


def test_a_missing_peer_is_reported_not_skipped(benchmark, monkeypatch):
    monkeypatch.setattr(
        benchmark.Torch, "missing", lambda self: "not installed (pip install torch==2.13.0)"
    )
    table, summary = benchmark.run(tiny(benchmark), log=lambda *a, **k: None)
    assert table.loc["PyTorch (CPU)", "status"].startswith("not installed")
    assert summary["vs_torch"] is None
    text = benchmark.report(table, summary, tiny(benchmark), markdown=True)
    assert "| PyTorch (CPU) | not installed" in text


def test_flop_count_of_one_step(benchmark):
    # 2-3-1 network, batch 4: forward 4x2x3 + 4x3x1, weights 3x4x2 + 1x4x3, backward 4x1x3
    shapes = benchmark.step_gemms((2, 3, 1), 4)
    assert shapes == [(4, 2, 3), (3, 4, 2), (4, 3, 1), (1, 4, 3), (4, 1, 3)]


def test_warm_up_epochs_are_left_out_of_the_median(benchmark):
    assert benchmark.steady_epochs([9, 1, 1, 8, 2, 2], epochs=3) == [1, 1, 2, 2]
    assert benchmark.steady_epochs([5, 6], epochs=1) == [5, 6]


def test_the_readme_quotes_the_saved_results(benchmark):
    """The README's Performance section is the benchmark's own report, not a retyped copy."""
    saved = benchmark.RESULTS.read_text()
    assert benchmark.readme_results(benchmark.README.read_text()) == saved, (
        "README.md's benchmark section differs from benchmarks/results.md: "
        "run python benchmarks/benchmark.py --save"
    )
    assert "annlib's seconds per epoch are" in saved and "| annlib | ran |" in saved


def test_save_replaces_only_the_marked_section(benchmark, tmp_path):
    readme = tmp_path / "README.md"
    results = tmp_path / "results.md"
    readme.write_text(f"intro\n\n{benchmark.BEGIN}\nold report\n{benchmark.END}\n\nmore\n")
    benchmark.save_results("new report\n", results=results, readme=readme)
    assert results.read_text() == "new report\n"
    assert (
        readme.read_text() == f"intro\n\n{benchmark.BEGIN}\nnew report\n{benchmark.END}\n\nmore\n"
    )
    assert benchmark.readme_results(readme.read_text()) == "new report\n"


def test_save_refuses_a_readme_without_markers_and_writes_nothing(benchmark, tmp_path):
    readme, results = tmp_path / "README.md", tmp_path / "results.md"
    readme.write_text("no markers here\n")
    with pytest.raises(ValueError, match="no benchmark section"):
        benchmark.save_results("new report\n", results=results, readme=readme)
    assert not results.exists() and readme.read_text() == "no markers here\n"


def test_save_copes_with_blank_lines_after_the_marker(benchmark, tmp_path):
    readme, results = tmp_path / "README.md", tmp_path / "results.md"
    readme.write_text(f"{benchmark.BEGIN}\n\n\nold\n{benchmark.END}\n")
    benchmark.save_results("new\n", results=results, readme=readme)
    assert readme.read_text() == f"{benchmark.BEGIN}\nnew\n{benchmark.END}\n"


def test_a_benchmark_table_replaces_only_its_own_section_of_the_readme(tmp_path):
    readme_tool = load_script("benchmarks/readme.py", "benchmark_readme")
    sys.modules.pop("benchmark_readme")
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- a -->\nold table\n<!-- /a -->\nrest\n", encoding="utf-8")
    readme_tool.write_section("<!-- a -->", "<!-- /a -->", "| new |", readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n<!-- a -->\n\nMeasured on ")
    assert "| new |\n\n<!-- /a -->\nrest\n" in text and "old table" not in text
    with pytest.raises(SystemExit, match="no section marked"):
        readme_tool.write_section("<!-- b -->", "<!-- /b -->", "| x |", readme)
    assert "| new |" in readme.read_text(encoding="utf-8")
