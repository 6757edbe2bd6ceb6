"""Search benchmark, the report: the workers' figures side by side, the targets checked on
the hybrid path (bench/search/__main__.py describes the run)."""

from bench.search.queries import percentile

TARGET_P95_MS = 50.0
TARGET_WORST_MS = 500.0
HYBRID, LEXICAL = "hybrid", "lexical"  # search.ranking's modes (not imported: no Django here)
HIT_BUCKETS = ((0, 99), (100, 999), (1000, 4999), (5000, None))


def _stats(results) -> dict | None:
    timed = [r for r in results if "error" not in r]
    if not timed:
        return None
    values = [r["ms"] for r in timed]
    worst = max(timed, key=lambda r: r["ms"])
    return {
        "n": len(timed),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "worst": worst,
        "timeouts": sum(1 for r in timed if r.get("timeout")),
        "found": sum(1 for r in timed if r.get("hits")),
        "errors": len(results) - len(timed),
    }


def _query_label(result) -> str:
    return result["text"] + (f" [{result['grade']}]" if result["grade"] else "")


def _rows(result) -> list[tuple[str, dict | None, list]]:
    """(label, index figures or None, query results) of one vendor, in print order."""
    queries = result["queries"]
    modes = [mode for mode in (HYBRID, LEXICAL) if mode in queries]
    rows = []
    for mode in modes:
        rows.append((mode, result["index"]["ours"], queries[mode]))
        if mode == HYBRID:
            for state in ("cold", "cached"):
                subset = [r for r in queries[mode] if r.get("embedding") == state]
                rows.append((f"  {state} emb.", None, subset))
    if "stock" in queries:
        done = {r["index"] for r in queries["stock"] if "error" not in r}
        for mode in modes:
            rows.append((f"{mode}, sample", None, [r for r in queries[mode] if r["index"] in done]))
        rows.append(("stock, sample", result["index"]["stock"], queries["stock"]))
    return rows


def report(results: dict, options) -> int:
    print()
    print("== summary ==  (ours: hybrid = lexical + dense, fused, as the site runs; lexical only)")
    header = (
        f"{'vendor':<11}{'backend':<16}{'index s':>8}{'/s':>6}{'queries':>9}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'p99 ms':>9}{'worst ms':>10}{'with hits':>11}  worst query"
    )
    print(header)
    verdicts = []
    for vendor, result in results.items():
        if result is None:
            print(f"{vendor:<11}did not run")
            verdicts.append((f"{vendor}: ran", False, "the worker failed"))
            continue
        for label, index, queries in _rows(result):
            stats = _stats(queries)
            index_text = (
                f"{index['seconds']:>8.1f}{index['lessons'] / index['seconds']:>6.0f}"
                if index
                else f"{'':>8}{'':>6}"
            )
            if stats is None:
                print(f"{vendor:<11}{label:<16}{index_text}   no query ran")
                continue
            worst = stats["worst"]
            more = []
            if stats["timeouts"]:
                more.append(f"{stats['timeouts']} timed out at {options.stock_timeout:.0f} s")
            if stats["errors"]:
                more.append(f"{stats['errors']} refused")
            print(
                f"{vendor:<11}{label:<16}{index_text}{stats['n']:>9}{stats['p50']:>9.1f}"
                f"{stats['p95']:>9.1f}{stats['p99']:>9.1f}{worst['ms']:>10.1f}"
                f"{stats['found']:>6}/{stats['n']:<4}  {_query_label(worst)}"
                + (f"  ({'; '.join(more)})" if more else "")
            )
        verdicts += _verdicts(vendor, result)

    ran = {vendor: r for vendor, r in results.items() if r is not None}
    if ran:
        _print_embeddings(ran)
        _print_by_hits(ran)
        _print_slowest(ran)
        _print_hits(ran)
        _print_refusals(ran)
    print()
    for label, passed, target in verdicts:
        print(f"{label:<50}{target:<20}{'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for _, passed, _ in verdicts) else 1


def _verdicts(vendor, result) -> list[tuple[str, bool, str]]:
    """The targets hold for the hybrid path (the site's); lexical only is shown beside."""
    queries = result["queries"]
    mode = HYBRID if HYBRID in queries else LEXICAL
    stats = _stats(queries[mode])
    lexical = _stats(queries[LEXICAL]) if mode == HYBRID and LEXICAL in queries else None
    p95_beside = f" (lexical {lexical['p95']:.1f})" if lexical else ""
    worst_beside = f" (lexical {lexical['worst']['ms']:.1f})" if lexical else ""
    return [
        (f"{vendor} {mode} p95 {stats['p95']:.1f} ms{p95_beside}",
         stats["p95"] <= TARGET_P95_MS, f"target <= {TARGET_P95_MS:.0f} ms"),
        (f"{vendor} {mode} worst {stats['worst']['ms']:.1f} ms{worst_beside}",
         stats["worst"]["ms"] < TARGET_WORST_MS, f"target < {TARGET_WORST_MS:.0f} ms"),
    ]  # fmt: skip


def _print_embeddings(results) -> None:
    print()
    print(
        "embeddings: the model embeds a sample of lessons; every other lesson gets a sample "
        "lesson's vectors + Gaussian noise, renormalised (kNN time does not depend on which "
        "vectors the rows hold)"
    )
    for vendor, result in results.items():
        v = result.get("vectors")
        if not v:
            continue
        lessons = v["sample"] + v["copies"]
        print(
            f"  {vendor:<11}{v['model']} {v['options']}: {v['sample']} lessons, "
            f"{v['passages']} passages in {v['embed_seconds']:.1f} s = {v['per_passage']:.3f} s "
            f"per passage (gist {v['gist']:.3f} s, content {v['content']:.3f} s), "
            f"{v['per_lesson']:.2f} s per lesson: all {lessons} lessons would take "
            f"{v['per_lesson'] * lessons / 3600:.1f} h; {v['copies']} noisy copies "
            f"(sd {v['noise']}) saved in {v['copy_seconds']:.1f} s; matrix of {v['rows']} "
            f"lessons read in {result['matrix_seconds']:.2f} s"
        )
        q = result.get("query_embedding")
        if q:
            print(
                f"  {'':<11}embed_query alone, {q['texts']} distinct query texts: mean "
                f"{q['mean']:.1f} ms, p50 {q['p50']:.1f} ms, max {q['max']:.1f} ms ({q['slowest']})"
            )
        hybrid = result["queries"].get(HYBRID, [])
        cold = [r["ms"] for r in hybrid if r.get("embedding") == "cold"]
        cached = [r["ms"] for r in hybrid if r.get("embedding") == "cached"]
        if cold and cached:
            print(
                f"  {'':<11}hybrid queries: {len(cold)} cold (a text's first search: embedded "
                f"now) p50 {percentile(cold, 50):.1f} ms, {len(cached)} cached p50 "
                f"{percentile(cached, 50):.1f} ms; "
                f"{len(hybrid) - len(cold) - len(cached)} with nothing to embed"
            )


def _print_by_hits(results) -> None:
    """Latency by how many lessons the query finds (ranking cost grows with it)."""
    print()
    print("ours by lessons found:   " + "".join(
        f"{f'{low}+' if high is None else f'{low}-{high}':>24}" for low, high in HIT_BUCKETS
    ))  # fmt: skip
    print(f"{'':<25}" + f"{'n   p50   p95    max':>24}" * len(HIT_BUCKETS))
    for vendor, result in results.items():
        for mode in (HYBRID, LEXICAL):
            if mode not in result["queries"]:
                continue
            cells = []
            for low, high in HIT_BUCKETS:
                values = [
                    r["ms"]
                    for r in result["queries"][mode]
                    if r["hits"] >= low and (high is None or r["hits"] <= high)
                ]
                if values:
                    cells.append(
                        f"{len(values):>4}{percentile(values, 50):>6.0f}"
                        f"{percentile(values, 95):>6.0f}{max(values):>7.0f}"
                    )
                else:
                    cells.append(f"{'0':>4}{'':>19}")
            print(f"  {vendor + ' ' + mode:<23}" + "".join(f"{c:>24}" for c in cells))


def _print_slowest(results) -> None:
    print()
    print("slowest of ours (ms, lessons found; hybrid: cold = embedded now):")
    for vendor, result in results.items():
        for mode in (HYBRID, LEXICAL):
            if mode not in result["queries"]:
                continue
            slowest = sorted(result["queries"][mode], key=lambda r: -r["ms"])[:5]
            print(
                f"  {vendor + ' ' + mode:<19}"
                + "; ".join(
                    f"{_query_label(r)} {r['ms']:.0f} ({r['hits']}"
                    + (", cold" if r.get("embedding") == "cold" else "")
                    + ")"
                    for r in slowest
                )
            )


def _print_hits(results) -> None:
    """Lessons found per query (first run of each text and filter), by backend and mode."""
    columns = []
    for vendor, result in results.items():
        for backend in (HYBRID, LEXICAL, "stock"):
            if backend in result["queries"]:
                found = {}
                for r in result["queries"][backend]:
                    found.setdefault((r["text"], r["grade"]), r)
                columns.append((f"{vendor[:6]} {backend}", found))
    stock_keys = [key for label, found in columns if label.endswith("stock") for key in found]
    keys = list(dict.fromkeys(stock_keys)) or list(columns[0][1])[:20]
    print()
    print("lessons found per query (the count the search page shows; '-' not run):")
    print(f"  {'query':<34}" + "".join(f"{label:>17}" for label, _ in columns))
    for key in keys:
        label = key[0] + (f" [{key[1]}]" if key[1] else "")
        cells = []
        for _, found in columns:
            r = found.get(key)
            if r is None:
                cells.append("-")
            elif "error" in r:
                cells.append("refused")
            elif r.get("timeout"):
                cells.append("timeout")
            else:
                cells.append(str(r["hits"]) + (" relaxed" if r.get("relaxed") else ""))
        width = 34 - sum(1 for c in label if ord(c) > 0x2E80)  # CJK is two columns wide
        print(f"  {label:<{max(width, 1)}}" + "".join(f"{c:>17}" for c in cells))


def _print_refusals(results) -> None:
    for vendor, result in results.items():
        errors = {r["error"] for r in result["queries"].get("stock", []) if "error" in r}
        for error in sorted(errors):
            print(f"  {vendor} stock refused a query: {error}")
